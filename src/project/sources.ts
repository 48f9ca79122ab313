/**
 * Find and read the DSL sources: the given files or directories (default
 * `tables/`), every *.pmumap below them except the generated and vendor
 * folders, and every file they import that lies inside a tables root.
 * Paths are kept relative to the working directory so diagnostics are
 * clickable; a missing or unreadable path is a usage error.
 *
 * Tables stay inside their roots: each path named on the command line, or,
 * when it lies in a directory called `tables`, that directory (so
 * `pmumap check tables/x86/readers.pmumap` may import ../linux). An import
 * that is absolute, climbs past every root, is not a .pmumap file, or is a
 * link to a file outside the roots is never read, so no diagnostic can
 * quote it; the checker reports it (PM2314, PM2311).
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { InputError, readBoundedText } from '../io/bounded-read.ts';
import { INPUT_LIMITS } from '../io/input-limits.ts';
import { UsageError } from '../io/usage-error.ts';
import { packageRoot } from './fingerprint.ts';

/**
 * Folders a directory walk skips: generated output, and the vendor tables
 * (pmumap import: 1.5 MB, ~4 s to parse cold), which are checked when
 * named: `pmumap check tables/vendor` (npm start does).
 */
const SKIPPED = new Set(['generated', 'node_modules', 'vendor']);

/** Whether a directory walk skips an entry of this name (`REV:PATH` reads the same files). */
export function skippedByWalk(name: string): boolean {
  return SKIPPED.has(name) || name.startsWith('.');
}

/** The directory a tables tree is conventionally kept in (the default path). */
const TABLES_DIR = 'tables';

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skippedByWalk(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.pmumap')) out.push(path);
  }
}

/** Whether absolute `path` is `dir` or below it. */
function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The root a named path stands for: its enclosing `tables` directory, else itself (a file: its directory). */
function rootOf(abs: string, isDir: boolean): string {
  for (let d = abs; ; d = dirname(d)) {
    if (basename(d) === TABLES_DIR) return d;
    if (dirname(d) === d) break;
  }
  return isDir ? abs : dirname(abs);
}

/** The real path of a file, or undefined when it cannot be resolved (missing). */
function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The tables read when no path is named: `tables/` in the working directory
 * (a checkout, or a project keeping its own), else the tables this pmumap
 * ships (`npx pmumap map ...` in a project that installed the package).
 */
function defaultTables(cwd: string): string {
  if (existsSync(resolve(cwd, TABLES_DIR))) return TABLES_DIR;
  return relative(cwd, join(packageRoot(), TABLES_DIR)) || TABLES_DIR;
}

export function readSources(cwd: string, paths: readonly string[]): SourceFile[] {
  const named = paths.length > 0 ? paths : [defaultTables(cwd)];
  const found: string[] = [];
  const rootSet = new Set<string>();
  for (const given of named) {
    const abs = resolve(cwd, given);
    let isDir: boolean;
    try {
      // stat, not open: a FIFO is only looked at here; the read refuses it.
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new UsageError(`no such file or directory: '${given}'`);
    }
    if (isDir) walk(abs, found);
    else found.push(abs);
    rootSet.add(rootOf(abs, isDir));
  }
  // Nested roots collapse into the outer one.
  const roots = [...rootSet].filter((r) => ![...rootSet].some((o) => o !== r && within(r, o)));
  const realRoots = roots.map((r) => realOrUndefined(r) ?? r);
  const rootNames = roots.map((r) => relative(cwd, r).replace(/\\/g, '/') || '.').sort();
  const unique = [...new Set(found)].sort();
  if (unique.length === 0)
    throw new UsageError(`no .pmumap files under ${named.map((r) => `'${r}'`).join(', ')}`);
  const files = new Map<string, SourceFile>();
  const queue = [...unique];
  while (queue.length > 0) {
    const abs = queue.shift() ?? '';
    if (files.has(abs)) continue;
    const path = sourcePath(cwd, abs);
    const isNamed = unique.includes(abs);
    if (!isNamed) {
      // An import: read only a tables file inside a root (the checker reports the others).
      if (!abs.endsWith('.pmumap') || !roots.some((r) => within(abs, r))) continue;
    }
    const real = realOrUndefined(abs);
    if (real !== undefined && !realRoots.some((r) => within(real, r))) {
      throw new UsageError(
        `'${path}' is a link to a file outside the tables root${roots.length > 1 ? 's' : ''} ${rootNames.map((r) => `'${r}'`).join(', ')}; it is not read`,
      );
    }
    let text: string;
    try {
      text = readBoundedText(abs, { maxBytes: INPUT_LIMITS.table, label: `tables file '${path}'` });
    } catch (e) {
      // A given path is a usage error; an imported one that is missing is
      // reported by the checker at the import (PM2311).
      if (!isNamed && e instanceof InputError && e.problem === 'missing') continue;
      throw e;
    }
    files.set(abs, { path, text, roots: rootNames });
    for (const m of text.matchAll(IMPORT)) {
      const written = m[1] ?? '';
      // Absolute imports are the checker's to report; they are never read.
      if (!written.startsWith('/')) queue.push(resolve(dirname(abs), written));
    }
  }
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** How a source file is named: relative to the working directory, `/`-separated. */
export function sourcePath(cwd: string, abs: string): string {
  return relative(cwd, abs).replace(/\\/g, '/') || abs;
}

/** `import "path"` at the start of a line: what the checker's import declarations name. */
const IMPORT = /^\s*import\s+"([^"\n]+)"/gm;

/**
 * The same files named relative to the parent of their common directory
 * (`tables/arm64/arch.pmumap` whether pmumap runs in the repository or
 * elsewhere with absolute paths), so generated names and tables lines do
 * not depend on the working directory.
 */
export function rebaseSources(cwd: string, files: readonly SourceFile[]): SourceFile[] {
  const abs = files.map((f) => resolve(cwd, f.path));
  let common = dirname(abs[0] ?? cwd);
  while (!abs.every((p) => p.startsWith(common.endsWith(sep) ? common : common + sep))) {
    const up = dirname(common);
    if (up === common) break;
    common = up;
  }
  const base = dirname(common);
  const rebase = (p: string): string => relative(base, p).replace(/\\/g, '/') || '.';
  return files.map((f, i) => ({
    ...f,
    path: rebase(abs[i] ?? f.path),
    ...(f.roots ? { roots: f.roots.map((r) => rebase(resolve(cwd, r))) } : {}),
  }));
}
