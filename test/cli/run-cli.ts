/** Run the CLI in-process with captured output and a fresh cache folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { ROOT } from '../helpers.ts';

export interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: string[], cwd = ROOT, cacheDir?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { PMUMAP_CACHE_DIR: cacheDir ?? mkdtempSync(join(tmpdir(), 'pmumap-cache-')) },
  });
  return { status, stdout, stderr };
}
