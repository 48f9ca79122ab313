/**
 * The per-file AST cache: one v8-serialized ParseResult per file under
 * `<cache>/ast/`, named by the hash of the compiler's fingerprint, the path
 * and the text, so an entry can only ever be served for the exact text it
 * was made from. Each entry is verified against its digest when read
 * (cache-entry.ts): a corrupt, tampered or unreadable entry is a miss;
 * deleting the folder is always safe. No Ohm here: `pmumap import` seeds
 * the cache without loading the parser.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { Decl } from '../syntax/ast.ts';
import type { ParseResult } from '../syntax/parse.ts';
import { withFile } from '../vendor/dsl-writer.ts';
import { cacheDirProblem } from './cache-dir.ts';
import { readEntry, writeEntry } from './cache-entry.ts';

/**
 * Put ASTs made without the parser in the cache: `pmumap import` writes its
 * files' ASTs (src/vendor/dsl-writer.ts, held equal to the parser's by
 * test/vendor/dsl-writer.test.ts), so the check after an import reads them
 * instead of parsing the text it just wrote. Keyed like any entry: by the
 * compiler, the path and the exact text. A cache folder that may not be
 * used (cache-dir.ts) is left alone; the check that follows says why.
 */
export function seedAsts(
  files: readonly (SourceFile & { readonly decls: readonly Decl[] })[],
  cacheDir: string | undefined,
  fingerprint: string,
): void {
  if (cacheDir === undefined || cacheDirProblem(cacheDir) !== undefined) return;
  for (const f of files) {
    const key = astKey(fingerprint, f);
    // A verified entry under this key holds this very text's AST already.
    if (readEntry(cacheDir, entryName(key))) continue;
    const result: ParseResult = {
      ast: { path: f.path, decls: withFile(f.decls, f.path) },
      diagnostics: [],
    };
    writeAst(cacheDir, key, result);
  }
}

export function astKey(fingerprint: string, file: SourceFile): string {
  const h = createHash('sha256');
  h.update(`pmumap-ast-v1\0${fingerprint}\0${file.path}\0${file.text.length}\0${file.text}`);
  return h.digest('hex');
}

function entryName(key: string): string {
  return `ast/${key}.v8`;
}

export function readAst(dir: string, key: string): ParseResult | undefined {
  const bytes = readEntry(dir, entryName(key));
  if (bytes === undefined) return undefined;
  try {
    const entry = deserialize(bytes) as { key?: string; result?: ParseResult };
    return entry.key === key && Array.isArray(entry.result?.diagnostics) ? entry.result : undefined;
  } catch {
    return undefined;
  }
}

export function writeAst(dir: string, key: string, result: ParseResult): void {
  // A cache that cannot be written only costs time.
  writeEntry(dir, entryName(key), serialize({ key, result }));
}
