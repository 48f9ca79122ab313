/**
 * A content-hash cache of compile results. The key hashes the compiler's
 * own fingerprint and every source path and text, so a stale entry can
 * never be served: edit a source or rebuild pmumap and the key changes.
 * Entries are JSON, each verified against its digest when read
 * (cache-entry.ts): the diagnostics in `<key>.json`, the model beside them
 * in `<key>.model.json`, so `check` (which prints diagnostics only) never
 * reads the model. A missing, corrupt, tampered or unreadable entry is just
 * a miss. Deleting the folder is always safe. Where the folder is and when
 * it is not used: cache-dir.ts.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { Model } from '../model/model.ts';
import { readEntry, sweepStaleTemporaries, writeEntry } from './cache-entry.ts';

export { cacheDir } from './cache-dir.ts';

export interface CachedResult {
  readonly model?: Model;
  /** A fresh compile's model whose examples failed (src/compile.ts); never read from the cache. */
  readonly unverified?: Model;
  readonly diagnostics: readonly Diagnostic[];
}

export function cacheKey(fingerprint: string, files: readonly SourceFile[]): string {
  const h = createHash('sha256');
  h.update(`pmumap-cache-v1\0${fingerprint}\0`);
  for (const f of files) h.update(`${f.path}\0${f.text.length}\0${f.text}\0`);
  return h.digest('hex');
}

/** The cached result, or undefined on a miss; with `withModel: false` the model is not read. */
export function readCache(dir: string, key: string, withModel = true): CachedResult | undefined {
  const entry = readJson(dir, `${key}.json`) as
    { key?: string; hasModel?: boolean; diagnostics?: CachedResult['diagnostics'] } | undefined;
  if (entry?.key !== key || !Array.isArray(entry.diagnostics)) return undefined;
  if (!entry.hasModel || !withModel) return { diagnostics: entry.diagnostics };
  const model = readJson(dir, `${key}.model.json`) as { key?: string; model?: Model } | undefined;
  return model?.key === key && model.model
    ? { model: model.model, diagnostics: entry.diagnostics }
    : undefined;
}

export function writeCache(dir: string, key: string, result: CachedResult): void {
  // Once per miss (a compile just took a second): what killed runs left behind.
  sweepStaleTemporaries(dir);
  sweepStaleTemporaries(join(dir, 'ast'));
  const write = (name: string, value: unknown) =>
    writeEntry(dir, name, Buffer.from(JSON.stringify(value), 'utf8'));
  // The model first: a diagnostics entry that says hasModel always has one beside it.
  if (result.model && !write(`${key}.model.json`, { key, model: result.model })) return;
  write(`${key}.json`, {
    key,
    hasModel: result.model !== undefined,
    diagnostics: result.diagnostics,
  });
}

function readJson(dir: string, name: string): unknown {
  const bytes = readEntry(dir, name);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
