/**
 * `pmumap diff OLD NEW [--json]`: a semantic diff of two versions of the
 * tables, each a directory or file or a git `REV:PATH`. Exit 0 when they
 * mean the same, 1 when they differ, 2 when either cannot be read or does
 * not compile (its diagnostics are printed).
 */
import { formatDiagnostics } from '../../diagnostics/format.ts';
import type { SourceFile } from '../../diagnostics/source-file.ts';
import { formatDiff } from '../../diff/format-diff.ts';
import type { Side } from '../../diff/semantic-diff.ts';
import { differenceCount, semanticDiff } from '../../diff/semantic-diff.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { ParsedArgs } from '../args.ts';
import { UsageError } from '../args.ts';
import { compileCached } from '../../project/compile-cached.ts';
import type { CliIo } from '../io.ts';
import { startProgress } from '../progress.ts';
import { parseRevisionSpec, readRevisionSources } from '../revision-sources.ts';
import { readSources } from '../../project/sources.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

function sourcesOf(io: CliIo, spec: string): SourceFile[] {
  // A path on disk wins over REV:PATH (a directory may contain a colon).
  if (!existsSync(resolve(io.cwd, spec)) && parseRevisionSpec(spec))
    return readRevisionSources(io.cwd, spec);
  return readSources(io.cwd, [spec]);
}

interface CompiledSide extends Side {
  /** Errors of a version that checked but whose examples (or vendor readers) fail. */
  readonly failures: readonly string[];
}

async function side(io: CliIo, spec: string, useCache: boolean): Promise<CompiledSide | undefined> {
  const files = sourcesOf(io, spec);
  let result = await compileCached(io, files, { useCache });
  // The cache keeps no model for a failing version: compile it again for one.
  if (!result.model && useCache) result = await compileCached(io, files, { useCache: false });
  const model = result.model ?? result.unverified;
  if (!model) {
    io.stderr(`pmumap: '${spec}' does not compile:\n`);
    io.stderr(formatDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f]))));
    return undefined;
  }
  const failures = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.span.file}: ${d.message.split('\n')[0]}`);
  return { model, tables: loadTables(model), failures };
}

export async function diffCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [oldSpec, newSpec, ...rest] = args.positionals;
  if (!oldSpec || !newSpec || rest.length > 0)
    throw new UsageError(
      'diff needs exactly two versions: OLD NEW (directories, files or REV:PATH)',
    );
  const useCache = !args.flags.has('no-cache');
  const progress = startProgress(io, 'diff');
  let d: ReturnType<typeof semanticDiff>;
  let failures: { old: readonly string[]; new: readonly string[] } = { old: [], new: [] };
  try {
    progress.step(`compiling ${oldSpec}`);
    const a = await side(io, oldSpec, useCache);
    progress.step(`compiling ${newSpec}`);
    const b = a && (await side(io, newSpec, useCache));
    if (!a || !b) return 2;
    failures = { old: a.failures, new: b.failures };
    progress.step('comparing every mapping', true);
    d = semanticDiff(a, b);
  } finally {
    progress.done();
  }
  const n = differenceCount(d);
  const failing = failures.old.length + failures.new.length > 0;
  // A version whose examples fail still diffs; its failures are part of the answer.
  const failureText = (['old', 'new'] as const)
    .filter((k) => failures[k].length > 0)
    .map(
      (k) =>
        `\nexamples failing in ${k === 'old' ? oldSpec : newSpec} (${failures[k].length}):\n${failures[k].map((f) => `  ${f}\n`).join('')}`,
    )
    .join('');
  io.stdout(
    args.flags.has('json')
      ? JSON.stringify(
          { old: oldSpec, new: newSpec, differences: n, ...d, ...(failing ? { failures } : {}) },
          null,
          2,
        ) + '\n'
      : formatDiff(d, oldSpec, newSpec) + failureText,
  );
  return n === 0 && !failing ? 0 : 1;
}
