/**
 * The model with its protocols and machines: built after the checks passed
 * (compile.ts), from the same AST the check pass read.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { lineColOf } from '../diagnostics/source-file.ts';
import type { Model } from '../model/model.ts';
import type { FileAst } from '../syntax/ast.ts';
import { compileProtocols } from './compile-protocols.ts';

export function withProtocols(
  model: Model,
  files: readonly FileAst[],
  sources: ReadonlyMap<string, SourceFile>,
): Model {
  const origin = (span: Span): string => {
    const file = sources.get(span.file);
    return file ? `${span.file}:${lineColOf(file, span.start).line}` : span.file;
  };
  const { protocols, machines } = compileProtocols({ files, report: () => {}, origin });
  return protocols.length > 0 ? { ...model, protocols, machines } : model;
}
