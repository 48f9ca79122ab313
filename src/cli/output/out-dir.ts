/**
 * The output directory named by --out: a directory, a link to one, or
 * nothing yet (then created, with its missing parents). A file, a dangling
 * link or anything else there is one line and exit 2, before any work.
 */
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../args.ts';
import { errorCode } from './transaction.ts';
import { lstatOrUndefined } from './safe-read.ts';

/** The output directory's real path, or undefined when it does not exist yet. */
export function existingOutputDir(path: string, shown: string): string | undefined {
  const fail = (why: string) => new UsageError(`cannot write --out '${shown}': ${why}`);
  let st;
  try {
    st = lstatOrUndefined(path);
  } catch (e) {
    throw fail(errorCode(e));
  }
  if (!st) {
    // A missing directory under a file is ENOTDIR now, not after the tables compiled.
    for (let cur = dirname(path); ; cur = dirname(cur)) {
      let up;
      try {
        up = lstatOrUndefined(cur);
      } catch (e) {
        throw fail(errorCode(e));
      }
      if (up) {
        if (!statSync(cur, { throwIfNoEntry: false })?.isDirectory()) throw fail('ENOTDIR');
        return undefined;
      }
      if (dirname(cur) === cur) return undefined;
    }
  }
  if (st.isSymbolicLink()) {
    const target = statSync(path, { throwIfNoEntry: false });
    if (!target) throw fail('a dangling symbolic link');
    if (!target.isDirectory()) throw fail('ENOTDIR (a link to a file, not a directory)');
    return realpathSync(path);
  }
  if (!st.isDirectory()) throw fail(`ENOTDIR (${st.isFile() ? 'a file' : 'not a directory'})`);
  return path;
}

/**
 * Create `dir` and its missing parents one level at a time (Node's recursive
 * mkdir can spin on some special file systems).
 */
export function createOutputDir(dir: string, shown: string): void {
  const missing: string[] = [];
  for (let cur = dir; !lstatOrUndefined(cur); cur = dirname(cur)) {
    missing.unshift(cur);
    if (dirname(cur) === cur) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw new UsageError(`cannot write --out '${shown}': ${errorCode(e)}`);
    }
  }
}
