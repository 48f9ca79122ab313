/**
 * Parse many source files quickly: a per-file AST cache keyed by content,
 * and the files not in it spread over worker threads. Ohm parses our
 * grammar at well under 1 MB/s on one core and the vendor tables are about
 * 1.6 MB, so both halves matter (npm run bench measures them).
 *
 * The cache (ast-cache.ts) lives beside the compile cache (cache.ts).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { ParseResult } from '../syntax/parse.ts';
import { parse } from '../syntax/parse.ts';
import { astKey, readAst, writeAst } from './ast-cache.ts';
import { cacheDirProblem } from './cache-dir.ts';

export interface ParseFilesOptions {
  /**
   * The compile cache folder; undefined parses everything and caches
   * nothing, and so does a folder that may not be used (cache-dir.ts).
   */
  readonly cacheDir?: string;
  readonly fingerprint: string;
  /** Threads to parse on, the calling one included (1 parses here only). */
  readonly threads: number;
}

/** Below this many bytes to parse, starting a worker costs more than it saves. */
const PARALLEL_MIN_BYTES = 128 * 1024;

/** How many threads to use: PMUMAP_THREADS if set, else every available core. */
export function parseThreads(env: Readonly<Record<string, string | undefined>>): number {
  const forced = Number(env['PMUMAP_THREADS']);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced, 64);
  return availableParallelism();
}

export interface ParsedFiles {
  /** Each file's path to its parse. */
  readonly results: Map<string, ParseResult>;
  /** How many files came from the cache, were parsed here, were parsed by a worker. */
  readonly counts: { cached: number; here: number; workers: number };
}

/** Parse every file: from the cache where it has the exact text, else on threads. */
export async function parseFiles(
  files: readonly SourceFile[],
  options: ParseFilesOptions,
): Promise<ParsedFiles> {
  const results = new Map<string, ParseResult>();
  const misses: SourceFile[] = [];
  const keys = new Map<string, string>();
  const cacheDir =
    options.cacheDir !== undefined && cacheDirProblem(options.cacheDir) === undefined
      ? options.cacheDir
      : undefined;
  for (const file of files) {
    const key = astKey(options.fingerprint, file);
    keys.set(file.path, key);
    const hit = cacheDir === undefined ? undefined : readAst(cacheDir, key);
    if (hit) results.set(file.path, hit);
    else misses.push(file);
  }
  const parsed = await parseInThreads(misses, options.threads);
  const fromWorkers = parsed.filter((p) => p.inWorker && p.result !== undefined).length;
  misses.forEach((file, i) => {
    const result = parsed[i]?.result ?? parse(file);
    results.set(file.path, result);
    if (cacheDir !== undefined) writeAst(cacheDir, keys.get(file.path)!, result);
  });
  const counts = {
    cached: files.length - misses.length,
    here: misses.length - fromWorkers,
    workers: fromWorkers,
  };
  return { results, counts };
}

/**
 * Parse `files` on up to `threads` threads, this one included; the result is
 * in the order of `files`. Files are dealt largest first to the least loaded
 * thread. A worker that fails (it should not) leaves its files to this thread.
 */
async function parseInThreads(
  files: readonly SourceFile[],
  threads: number,
): Promise<{ result?: ParseResult; inWorker: boolean }[]> {
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const count = bytes < PARALLEL_MIN_BYTES ? 1 : Math.max(1, Math.min(threads, files.length));
  if (count === 1) return files.map((f) => ({ result: parse(f), inWorker: false }));

  const shares = Array.from({ length: count }, () => ({ bytes: 0, indices: [] as number[] }));
  const order = files
    .map((_, i) => i)
    .sort((a, b) => files[b]!.text.length - files[a]!.text.length);
  for (const i of order) {
    const lightest = shares.reduce((min, s) => (s.bytes < min.bytes ? s : min));
    lightest.bytes += files[i]!.text.length;
    lightest.indices.push(i);
  }
  const out: { result?: ParseResult; inWorker: boolean }[] = new Array(files.length);
  const [own, ...others] = shares;
  const pending = others.map((share) =>
    runWorker(share.indices.map((i) => files[i]!)).then((results) => {
      share.indices.forEach((fileIndex, k) => {
        const result = results?.[k];
        out[fileIndex] = result ? { result, inWorker: true } : { inWorker: true };
      });
    }),
  );
  for (const i of own!.indices) out[i] = { result: parse(files[i]!), inWorker: false };
  await Promise.all(pending);
  return out;
}

/** One worker over `files`; undefined if it could not start or failed. */
function runWorker(files: readonly SourceFile[]): Promise<ParseResult[] | undefined> {
  // Run from dist/ the worker is parse-worker.js; run from the sources
  // (tests, tsx) it is parse-worker.ts, loaded through a small .mjs entry
  // that registers tsx in the worker thread first.
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  const script = fromSource ? new URL('./parse-worker-from-source.mjs', import.meta.url) : entry;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { files, entry: entry.href } });
    } catch {
      resolve(undefined);
      return;
    }
    let done = false;
    worker.once('message', (results: ParseResult[]) => {
      done = true;
      resolve(results);
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => {
      if (!done) resolve(undefined);
    });
  });
}
