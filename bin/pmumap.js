#!/usr/bin/env node
// The pmumap command: plain JavaScript built from src/ by `npm run build`
// (run by `npm ci` through the prepare script).
import { runCli } from '../dist/src/cli/main.js';

const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  // Progress for long work goes to stderr only when a person is watching it.
  stderrIsTTY: process.stderr.isTTY === true,
  // Read only by the commands that take questions on stdin (pmumap query).
  get stdin() {
    return process.stdin;
  },
};
const status = await runCli(process.argv.slice(2), io);
// Exit even if a child (a stuck /dev/cpu read) is still around; stdout is drained first.
process.stdout.write('', () => process.exit(status));
