/**
 * Find and read the DSL sources: the given files or directories (default
 * `tables/`), every *.pmumap below them except the generated and vendor
 * folders, and every file they import.
 * Paths are kept relative to the working directory so diagnostics are
 * clickable; a missing or unreadable path is a usage error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { UsageError } from './args.ts';

/**
 * Folders a directory walk skips: generated output, and the vendor tables
 * (pmumap import: 1.5 MB, ~4 s to parse cold), which are checked when
 * named: `pmumap check tables/vendor` (npm start does).
 */
const SKIPPED = new Set(['generated', 'node_modules', 'vendor']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.pmumap')) out.push(path);
  }
}

export function readSources(cwd: string, paths: readonly string[]): SourceFile[] {
  const roots = paths.length > 0 ? paths : ['tables'];
  const found: string[] = [];
  for (const root of roots) {
    const abs = resolve(cwd, root);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new UsageError(`no such file or directory: '${root}'`);
    }
    if (isDir) walk(abs, found);
    else found.push(abs);
  }
  const unique = [...new Set(found)].sort();
  if (unique.length === 0)
    throw new UsageError(`no .pmumap files under ${roots.map((r) => `'${r}'`).join(', ')}`);
  const files = new Map<string, SourceFile>();
  const queue = [...unique];
  while (queue.length > 0) {
    const abs = queue.shift() ?? '';
    if (files.has(abs)) continue;
    const path = sourcePath(cwd, abs);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      // A given path is a usage error; an imported one that is missing is
      // reported by the checker at the import (PM2311).
      if (!unique.includes(abs)) continue;
      throw new UsageError(
        `cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    files.set(abs, { path, text });
    for (const m of text.matchAll(IMPORT)) queue.push(resolve(dirname(abs), m[1] ?? ''));
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
  return files.map((f, i) => ({
    ...f,
    path: relative(base, abs[i] ?? f.path).replace(/\\/g, '/'),
  }));
}
