/**
 * What most commands start with: read the sources, compile through the
 * cache, and on table errors print the diagnostics. Undefined means the
 * command should exit 1.
 */
import { formatDiagnostics } from '../diagnostics/format.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { Model } from '../model/model.ts';
import { compileCached } from '../project/compile-cached.ts';
import type { CliIo } from './io.ts';
import { readSources, rebaseSources } from '../project/sources.ts';

export interface Loaded {
  readonly model: Model;
  readonly files: readonly SourceFile[];
}

export async function loadModel(
  io: CliIo,
  paths: readonly string[],
  useCache: boolean,
  options: { readonly rebase?: boolean } = {},
): Promise<Loaded | undefined> {
  const read = readSources(io.cwd, paths);
  const files = options.rebase ? rebaseSources(io.cwd, read) : read;
  const result = await compileCached(io, files, { useCache });
  if (!result.model) {
    io.stderr(formatDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f]))));
    return undefined;
  }
  return { model: result.model, files };
}
