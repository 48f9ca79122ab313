/**
 * Shared test helpers: load the shipped tables, compile tables through the
 * run's shared cache, and compile snippets.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import { compileCached } from '../src/project/compile-cached.ts';
import { readSources } from '../src/project/sources.ts';
import { compile, type CompileResult } from '../src/compile.ts';
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

let cached: { file: string | undefined; model: Model; tables: Tables } | undefined;

/**
 * The compiled shipped tables: compiled once per run by test/global-setup.ts
 * and read here as JSON (a model round-trips through JSON exactly), or,
 * without that setup or when the tables do not compile, compiled here.
 * One copy per test file, even where test files share a worker's modules
 * (vitest.config.ts): a test that changes its model changes no other file's.
 */
export function shipped(): { model: Model; tables: Tables } {
  const file = expect.getState().testPath;
  if (!cached || cached.file !== file) {
    const model = precompiledShipped() ?? compileShipped();
    cached = { file, model, tables: loadTables(model) };
  }
  return cached;
}

function precompiledShipped(): Model | undefined {
  const path = inject('pmumapShippedModel');
  return path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Model) : undefined;
}

function compileShipped(): Model {
  const result = compile(shippedSources());
  if (!result.model)
    throw new Error(`shipped tables do not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.model;
}

/** A new, empty, private (mkdtemp: 0700) compile cache folder. */
export function freshCache(): string {
  return mkdtempSync(join(tmpdir(), 'pmumap-cache-'));
}

let shared: string | undefined;

/**
 * The run's shared compile cache (test/global-setup.ts), or one for this
 * test file when there is no such setup. Entries are keyed by the compiler
 * and every source's path and text, so sharing them can never serve an
 * answer for other sources.
 */
export function sharedCache(): string {
  shared ??= inject('pmumapCacheDir') ?? freshCache();
  return shared;
}

/**
 * Tables named as on the command line (`['tables', 'tables/vendor']`),
 * compiled as the CLI compiles them, through the run's shared cache: the
 * vendor tables are parsed once per run instead of once per test file. Of
 * test files asking for the same tables at once, one compiles and the others
 * wait for its cache entry (a lock folder in the cache).
 */
export async function compiledTables(paths: readonly string[]): Promise<CompileResult> {
  const files = readSources(ROOT, paths);
  const io = {
    stdout: () => {},
    stderr: () => {},
    cwd: ROOT,
    env: { PMUMAP_CACHE_DIR: sharedCache() },
  };
  const lock = join(sharedCache(), `compiling-${paths.join(' ').replace(/[^\w.-]+/g, '_')}`);
  for (const started = Date.now(); Date.now() - started < 120_000; await sleep(100)) {
    try {
      mkdirSync(lock);
    } catch {
      continue; // another test file is compiling these tables: wait for its entry
    }
    try {
      return await compileCached(io, files, { useCache: true });
    } finally {
      rmdirSync(lock);
    }
  }
  return compileCached(io, files, { useCache: true });
}

/** Compile one inline snippet as `snippet.pmumap`. */
export function compileSnippet(text: string, path = 'snippet.pmumap') {
  return compile([{ path, text }]);
}
