/**
 * Compile through the content-hash cache. The compiler (and Ohm) are only
 * loaded on a miss, which keeps a warm `pmumap check` close to Node's own
 * start-up time. A cache folder that may not be used (cache-dir.ts) means
 * compiling without a cache, after one note.
 */
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { CachedResult } from './cache.ts';
import { cacheKey, readCache, writeCache } from './cache.ts';
import { usableCacheDir } from './cache-dir.ts';
import { compilerFingerprint } from './fingerprint.ts';
import type { ProjectIo } from './project-io.ts';

export interface CompileOptions {
  readonly useCache: boolean;
  /** False when only the diagnostics are needed (check): a cache hit then skips the model. */
  readonly needModel?: boolean;
}

export async function compileCached(
  io: ProjectIo,
  files: readonly SourceFile[],
  options: CompileOptions,
): Promise<CachedResult> {
  const dir = options.useCache ? usableCacheDir(io) : undefined;
  // The roots decide which imports are refused (PM2314): they are part of the key.
  const keyed = files.map((f) =>
    f.roots ? { ...f, path: `${f.path}\0${f.roots.join('\0')}` } : f,
  );
  const key = options.useCache ? cacheKey(compilerFingerprint(), keyed) : '';
  if (dir !== undefined) {
    const hit = readCache(dir, key, options.needModel ?? true);
    if (hit) return hit;
  }
  // Loaded only on a miss: they bring Ohm and the whole compiler.
  const { compileParsed } = await import('../compile.ts');
  const { parseFiles, parseThreads } = await import('./parse-files.ts');
  const { parse } = await import('../syntax/parse.ts');
  const parsed = await parseFiles(files, {
    ...(dir !== undefined ? { cacheDir: dir } : {}),
    fingerprint: compilerFingerprint(),
    threads: parseThreads(io.env),
  });
  const result = compileParsed(files, (file) => parsed.results.get(file.path) ?? parse(file));
  if (dir !== undefined) writeCache(dir, key, result);
  return result;
}
