/**
 * Compile through the content-hash cache. The compiler (and Ohm) are only
 * loaded on a miss, which keeps a warm `pmumap check` close to Node's own
 * start-up time.
 */
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { CachedResult } from './cache.ts';
import { cacheDir, cacheKey, readCache, writeCache } from './cache.ts';
import { compilerFingerprint } from './fingerprint.ts';
import type { CliIo } from './io.ts';

export interface CompileOptions {
  readonly useCache: boolean;
  /** False when only the diagnostics are needed (check): a cache hit then skips the model. */
  readonly needModel?: boolean;
}

export async function compileCached(
  io: CliIo,
  files: readonly SourceFile[],
  options: CompileOptions,
): Promise<CachedResult> {
  const dir = cacheDir(io.cwd, io.env);
  const key = options.useCache ? cacheKey(compilerFingerprint(), files) : '';
  if (options.useCache) {
    const hit = readCache(dir, key, options.needModel ?? true);
    if (hit) return hit;
  }
  // Loaded only on a miss: they bring Ohm and the whole compiler.
  const { compileParsed } = await import('../compile.ts');
  const { parseFiles, parseThreads } = await import('./parse-files.ts');
  const { parse } = await import('../syntax/parse.ts');
  const parsed = await parseFiles(files, {
    ...(options.useCache ? { cacheDir: dir } : {}),
    fingerprint: compilerFingerprint(),
    threads: parseThreads(io.env),
  });
  const result = compileParsed(files, (file) => parsed.results.get(file.path) ?? parse(file));
  if (options.useCache) writeCache(dir, key, result);
  return result;
}
