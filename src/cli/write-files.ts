/**
 * Writing outputs: each file goes to a temporary name and is renamed, so an
 * interrupted run never leaves a half-written file; a path that cannot be
 * written is a usage error naming it, not a crash. Temporary names are
 * random and created exclusively ('wx'), so a link planted at one is never
 * followed. (gen's output directory has its own, stricter rules: output/.)
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './args.ts';

/** A fresh temporary name next to `path`: nobody can have planted a link there in advance. */
function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

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
  const tmp = temporaryName(path);
  try {
    writeFileSync(tmp, contents, { flag: 'wx' });
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

/**
 * Write every file of a run into `dir`, all or nothing: each goes to a
 * temporary name first, and only when all were written are they renamed
 * into place, so a failure leaves the previous files untouched (and no
 * temporary file behind). Names are plain file names: nothing is ever
 * written outside `dir`.
 */
export function writeAllAtomically(
  dir: string,
  files: readonly { readonly path: string; readonly contents: string }[],
  what: string,
): void {
  for (const f of files) {
    if (f.path !== basename(f.path) || f.path === '..' || f.path === '.' || f.path === '')
      throw new Error(`internal: generated file name '${f.path}' is not a plain file name`);
  }
  const names = new Map(files.map((f) => [f.path, temporaryName(join(dir, f.path))]));
  const tmp = (name: string) => names.get(name) ?? '';
  const written: string[] = [];
  try {
    for (const f of files) {
      const target = join(dir, f.path);
      if (existsSync(target) && statSync(target).isDirectory())
        throw Object.assign(new Error(`'${target}' is a directory`), { code: 'EISDIR' });
      writeFileSync(tmp(f.path), f.contents, { flag: 'wx' });
      written.push(f.path);
    }
  } catch (e) {
    // Remove what this run wrote, and a partial file where it failed (never a directory).
    const failed = files[written.length]?.path;
    for (const name of failed ? [...written, failed] : written) {
      try {
        if (statSync(tmp(name)).isFile()) rmSync(tmp(name));
      } catch {
        // nothing there
      }
    }
    throw new UsageError(`cannot write ${what} '${dir}': ${why(e)}; nothing was changed`);
  }
  for (const f of files) {
    try {
      renameSync(tmp(f.path), join(dir, f.path));
    } catch (e) {
      for (const g of files) rmSync(tmp(g.path), { force: true });
      throw new UsageError(`cannot write ${what} '${join(dir, f.path)}': ${why(e)}`);
    }
  }
}
