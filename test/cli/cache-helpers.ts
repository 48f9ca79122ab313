/** Helpers of the cache tests: run the CLI in-process with an env of their choosing, edit entries as bytes. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.ts';
import { ROOT } from '../helpers.ts';
import type { Run } from './run-cli.ts';

export async function runWithEnv(
  argv: string[],
  env: Record<string, string | undefined>,
  cwd = ROOT,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env,
  });
  return { status, stdout, stderr };
}

/** A new private folder (mkdtemp makes it 0700). */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pmumap-${prefix}-`));
}

/** Every file directly in `dir` (no folders), with its path. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(dir, e.name));
}

/**
 * Rewrite `path` with every `a` turned into `b` and every `b` into `a`
 * (byte strings of one length, so every offset in the file stays valid).
 * Returns whether the file held `a`.
 */
export function swapInFile(path: string, a: string, b: string): boolean {
  if (a.length !== b.length) throw new Error('swapInFile: lengths differ');
  const bytes = readFileSync(path);
  const from = Buffer.from(a, 'latin1');
  const to = Buffer.from(b, 'latin1');
  let found = false;
  for (let i = 0; i + from.length <= bytes.length; i++) {
    const isA = bytes.subarray(i, i + from.length).equals(from);
    const isB = !isA && bytes.subarray(i, i + to.length).equals(to);
    if (!isA && !isB) continue;
    found ||= isA;
    (isA ? to : from).copy(bytes, i);
    i += from.length - 1;
  }
  if (found) writeFileSync(path, bytes);
  return found;
}
