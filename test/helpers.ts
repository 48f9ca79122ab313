/** Shared test helpers: load the shipped tables and compile snippets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/compile.ts';
import type { SourceFile } from '../src/diagnostics/source-file.ts';
import type { Model } from '../src/model/model.ts';
import { loadTables, type Tables } from '../src/runtime/tables.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'generated' && e.name !== 'vendor') walk(p, out);
    else if (e.name.endsWith('.pmumap')) out.push(p);
  }
}

/** The shipped tables/**\/*.pmumap, with paths relative to the repository. */
export function shippedSources(root = ROOT): SourceFile[] {
  const paths: string[] = [];
  walk(join(root, 'tables'), paths);
  return paths.sort().map((p) => ({ path: relative(root, p), text: readFileSync(p, 'utf8') }));
}

let cached: { model: Model; tables: Tables } | undefined;

/** The compiled shipped tables (compiled once per test file). */
export function shipped(): { model: Model; tables: Tables } {
  if (!cached) {
    const result = compile(shippedSources());
    if (!result.model)
      throw new Error(`shipped tables do not compile: ${JSON.stringify(result.diagnostics)}`);
    cached = { model: result.model, tables: loadTables(result.model) };
  }
  return cached;
}

/** Compile one inline snippet as `snippet.pmumap`. */
export function compileSnippet(text: string, path = 'snippet.pmumap') {
  return compile([{ path, text }]);
}
