// bin/pmumap.js on src/ instead of dist/, for tests that drive the command
// as a process (node --import tsx test/editors/run-pmumap.ts lsp).
import { runCli } from '../../src/cli/main.ts';

const status = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
process.stdout.write('', () => process.exit(status));
