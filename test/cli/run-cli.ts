/**
 * Run the CLI in-process with captured output. Every call shares the run's
 * compile cache (test/helpers.ts sharedCache()), so the tables are compiled
 * once per run, not once per call; a test about the cache itself passes a
 * folder of its own (freshCache()).
 */
import { runCli } from '../../src/cli/main.ts';
import { ROOT, sharedCache } from '../helpers.ts';

export { freshCache } from '../helpers.ts';

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: string[], cwd = ROOT, cacheDir = sharedCache()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { PMUMAP_CACHE_DIR: cacheDir },
  });
  return { status, stdout, stderr };
}
