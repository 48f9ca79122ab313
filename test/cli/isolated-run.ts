/**
 * Run the CLI in a child process with a time limit, for inputs that would
 * hang the test process itself if a reader blocked on them (a FIFO, a
 * device read to its end). `ms` is how long runCli took inside the child,
 * without Node's and tsx's start-up.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers.ts';

/** tsx by file URL: the child's working directory may be a scratch folder without node_modules. */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface IsolatedRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** runCli's own time in the child; undefined when it never returned. */
  readonly ms: number | undefined;
}

const ELAPSED = '\n@@pmumap-elapsed-ms ';

export function runIsolated(
  argv: readonly string[],
  options: { readonly cwd?: string; readonly cacheDir: string; readonly timeoutMs?: number },
): IsolatedRun {
  const script = `
    import { runCli } from ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))};
    let out = '';
    const io = {
      stdout: (t) => (out += t),
      stderr: (t) => process.stderr.write(t),
      cwd: process.cwd(),
      env: process.env,
    };
    const started = performance.now();
    const status = await runCli(JSON.parse(process.env.PMUMAP_TEST_ARGV), io);
    const ms = performance.now() - started;
    process.stdout.write(out + ${JSON.stringify(ELAPSED)} + ms.toFixed(0) + '\\n', () => process.exit(status));
  `;
  const child = spawnSync(
    process.execPath,
    ['--import', TSX, '--input-type=module', '-e', script],
    {
      cwd: options.cwd ?? ROOT,
      env: {
        ...process.env,
        PMUMAP_CACHE_DIR: options.cacheDir,
        PMUMAP_TEST_ARGV: JSON.stringify(argv),
      },
      timeout: options.timeoutMs ?? 20_000,
      encoding: 'utf8',
    },
  );
  const at = child.stdout.lastIndexOf(ELAPSED);
  return {
    status: child.status,
    signal: child.signal,
    stdout: at >= 0 ? child.stdout.slice(0, at) : child.stdout,
    stderr: child.stderr,
    ms: at >= 0 ? Number(child.stdout.slice(at + ELAPSED.length)) : undefined,
  };
}
