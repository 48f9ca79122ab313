/**
 * Tables of your own (or a copy of the shipped ones, edited): compile every
 * *.pmumap under the given paths, through the same content-hash cache as
 * the command line. Table errors come back as diagnostics, never thrown.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { formatDiagnostics } from '../diagnostics/format.ts';
import { UsageError } from '../io/usage-error.ts';
import { compileCached } from '../project/compile-cached.ts';
import { readSources } from '../project/sources.ts';
import { PmumapError } from './errors.ts';
import { PmuTables } from './pmu-tables.ts';

export interface LoadOptions {
  /** Paths in diagnostics and origins are relative to this folder (default: process.cwd()). */
  readonly cwd?: string;
  /**
   * Reuse and store compile results in the cache `pmumap` uses (default true):
   * $PMUMAP_CACHE_DIR, else node_modules/.cache/pmumap, else the temp folder.
   */
  readonly cache?: boolean;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly tables: PmuTables;
      /** Warnings only. */
      readonly diagnostics: readonly Diagnostic[];
    }
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      /** The diagnostics as `pmumap check` prints them, with source excerpts. */
      readonly report: string;
    };

/**
 * Compile the *.pmumap files under `paths` (files or folders; folders skip
 * generated/ and vendor/ unless named). Throws PmumapError only for a path
 * that cannot be read.
 */
export async function loadTablesDirectory(
  paths: string | readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const roots = typeof paths === 'string' ? [paths] : paths;
  if (roots.length === 0) throw new PmumapError('loadTablesDirectory needs a path');
  let files;
  try {
    files = readSources(cwd, roots);
  } catch (e) {
    if (e instanceof UsageError) throw new PmumapError(e.message);
    throw e;
  }
  const quiet = (): void => {};
  const io = { stdout: quiet, stderr: quiet, cwd, env: process.env };
  const result = await compileCached(io, files, { useCache: options.cache ?? true });
  if (!result.model) {
    const byPath = new Map(files.map((f) => [f.path, f]));
    return {
      ok: false,
      diagnostics: result.diagnostics,
      report: formatDiagnostics(result.diagnostics, byPath),
    };
  }
  const texts = new Map(files.map((f) => [f.path, f.text]));
  return {
    ok: true,
    tables: new PmuTables(result.model, (path) => texts.get(path)),
    diagnostics: result.diagnostics,
  };
}
