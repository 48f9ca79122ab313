/**
 * Writing outputs: each file goes to a temporary name and is renamed, so an
 * interrupted run never leaves a half-written file; a path that cannot be
 * written is a usage error naming it, not a crash.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args.ts';

function why(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : 'error');
}

/**
 * Create `dir` and its missing parents one level at a time (Node's recursive
 * mkdir can spin on some special file systems).
 */
export function ensureDir(dir: string, what: string): void {
  const missing: string[] = [];
  let cur = dir;
  while (!existsSync(cur)) {
    missing.unshift(cur);
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  if (existsSync(cur) && !statSync(cur).isDirectory())
    throw new UsageError(`cannot write ${what} '${dir}': ENOTDIR`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw new UsageError(`cannot write ${what} '${dir}': ${why(e)}`);
    }
  }
}

/** Write `contents` to `path` atomically. */
export function writeAtomically(path: string, contents: string, what: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written there
    }
    throw new UsageError(`cannot write ${what} '${path}': ${why(e)}`);
  }
}
