/**
 * A content-hash cache of compile results. The key hashes the compiler's
 * own fingerprint and every source path and text, so a stale entry can
 * never be served: edit a source or rebuild pmumap and the key changes.
 * Entries are plain JSON, written atomically: the diagnostics in
 * `<key>.json`, the model beside them in `<key>.model.json`, so `check`
 * (which prints diagnostics only) never reads the model. A missing, corrupt
 * or unreadable entry is just a miss. Deleting the folder is always safe.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { Model } from '../model/model.ts';

export interface CachedResult {
  readonly model?: Model;
  readonly diagnostics: readonly Diagnostic[];
}

export function cacheDir(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  if (env['PMUMAP_CACHE_DIR']) return env['PMUMAP_CACHE_DIR'];
  const local = join(cwd, 'node_modules');
  return existsSync(local) ? join(local, '.cache', 'pmumap') : join(tmpdir(), 'pmumap-cache');
}

export function cacheKey(fingerprint: string, files: readonly SourceFile[]): string {
  const h = createHash('sha256');
  h.update(`pmumap-cache-v1\0${fingerprint}\0`);
  for (const f of files) h.update(`${f.path}\0${f.text.length}\0${f.text}\0`);
  return h.digest('hex');
}

/** The cached result, or undefined on a miss; with `withModel: false` the model is not read. */
export function readCache(dir: string, key: string, withModel = true): CachedResult | undefined {
  try {
    const entry = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as {
      key?: string;
      hasModel?: boolean;
      diagnostics?: CachedResult['diagnostics'];
    };
    if (entry.key !== key || !Array.isArray(entry.diagnostics)) return undefined;
    if (!entry.hasModel || !withModel) return { diagnostics: entry.diagnostics };
    const model = JSON.parse(readFileSync(join(dir, `${key}.model.json`), 'utf8')) as {
      key?: string;
      model?: Model;
    };
    return model.key === key && model.model
      ? { model: model.model, diagnostics: entry.diagnostics }
      : undefined;
  } catch {
    return undefined;
  }
}

export function writeCache(dir: string, key: string, result: CachedResult): void {
  try {
    mkdirSync(dir, { recursive: true });
    const write = (name: string, value: unknown) => {
      const tmp = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, join(dir, name));
    };
    // The model first: a diagnostics entry that says hasModel always has one beside it.
    if (result.model) write(`${key}.model.json`, { key, model: result.model });
    write(`${key}.json`, {
      key,
      hasModel: result.model !== undefined,
      diagnostics: result.diagnostics,
    });
  } catch {
    // A cache that cannot be written only costs time.
  }
}
