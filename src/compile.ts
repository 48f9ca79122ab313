/**
 * The compiler facade: source files in, model and diagnostics out. No file
 * system access: the CLI and the tests decide where sources come from.
 */
import { runChecks } from './check/index.ts';
import { reportNativeNames } from './check/report-native-names.ts';
import { reportOutputPaths } from './check/report-output-paths.ts';
import { runExamples } from './check/run-examples.ts';
import { runVendorReaders } from './check/run-vendor-readers.ts';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { DiagnosticBag, makeDiagnostic, sortDiagnostics } from './diagnostics/diagnostic.ts';
import type { SourceFile } from './diagnostics/source-file.ts';
import { buildModel } from './model/build-model.ts';
import { reportProtocols } from './protocol/check-protocols.ts';
import { withProtocols } from './protocol/model-protocols.ts';
import type { Model } from './model/model.ts';
import type { FileAst } from './syntax/ast.ts';
import { loadTables } from './runtime/tables.ts';
import type { ParseResult } from './syntax/parse.ts';
import { parse } from './syntax/parse.ts';

export interface CompileResult {
  /** Present when there were no errors. */
  readonly model?: Model;
  /**
   * Present when the tables checked but examples (or vendor readers) failed:
   * the model they were run on. `pmumap diff` compares it and lists the
   * failures; nothing else may use it. Not kept by the compile cache.
   */
  readonly unverified?: Model;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compile `files` (any order: they are sorted by path, so output is
 * deterministic). A stack exhausted by some shape the limits (syntax/limits.ts)
 * let through is a diagnostic, never an exception.
 */
export function compile(files: readonly SourceFile[]): CompileResult {
  return compileParsed(files, (file) => parse(file));
}

/**
 * Compile with parse results obtained elsewhere (the CLI parses in worker
 * threads and caches ASTs per file); `parsed(file)` must be `parse(file)`.
 */
export function compileParsed(
  files: readonly SourceFile[],
  parsed: (file: SourceFile) => ParseResult,
): CompileResult {
  try {
    return compileUnguarded(files, parsed);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const first = [...files].sort((a, b) => (a.path < b.path ? -1 : 1))[0];
    const span = { file: first?.path ?? '', start: 0, end: 0 };
    return { diagnostics: [makeDiagnostic('TooComplex', span, ['check'])] };
  }
}

function compileUnguarded(
  files: readonly SourceFile[],
  parsed: (file: SourceFile) => ParseResult,
): CompileResult {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const bag = new DiagnosticBag();
  const asts: FileAst[] = [];
  for (const file of sorted) {
    const result = parsed(file);
    result.diagnostics.forEach((d) => bag.add(d));
    if (result.ast) asts.push(result.ast);
  }
  if (bag.hasErrors()) return { diagnostics: sortDiagnostics(bag.items) };

  const ctx = {
    files: asts,
    symbols: {
      globals: new Map(),
      registers: new Map(),
      consumers: new Map(),
      reasons: new Map(),
      examples: [],
    },
    bag,
    resolutions: new WeakMap(),
    perfEvents: new WeakMap(),
    roots: new Map(sorted.flatMap((f) => (f.roots ? [[f.path, f.roots] as const] : []))),
  };
  if (!runChecks(ctx)) return { diagnostics: sortDiagnostics(bag.items) };
  // Protocols (src/protocol/) are checked once the rest is sound: they read its enums and archs.
  reportProtocols(ctx);
  if (bag.hasErrors()) return { diagnostics: sortDiagnostics(bag.items) };
  const sources = new Map(sorted.map((f) => [f.path, f]));
  const model = withProtocols(buildModel(ctx, sources), asts, sources);
  // What gen would refuse for C and Rust: check fails where gen would.
  reportNativeNames(model, sources, bag);
  reportOutputPaths(model, [...sources.keys()], bag);
  if (bag.hasErrors()) return { diagnostics: sortDiagnostics(bag.items) };
  runExamples(model, asts, bag);
  if (model.cores.length > 0) runVendorReaders(model, loadTables(model), asts, bag);
  const diagnostics = sortDiagnostics(bag.items);
  return bag.hasErrors() ? { diagnostics, unverified: model } : { model, diagnostics };
}
