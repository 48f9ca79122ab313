/**
 * What every check pass receives: the parsed files, the global symbol table
 * built by collect-declarations, the diagnostic bag, and the resolutions the
 * type checker records for the model builder.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type * as A from '../syntax/ast.ts';
import type { Resolution } from './resolution.ts';

export type GlobalDecl =
  | A.TargetDecl
  | A.EnumDecl
  | A.RegisterDecl
  | A.CpuidDecl
  | A.FeatureDecl
  | A.TableDecl
  | A.ReasonsDecl
  | A.PmuDecl
  | A.InterfaceDecl
  | A.ArchDecl
  | A.FnDecl
  | A.CoreDecl
  | A.SystemDecl;

export interface ReasonEntry {
  readonly reason: A.Reason;
  readonly group: A.ReasonsDecl;
}

export interface Symbols {
  /** Top-level names: enums, registers (cpuid ones as `Leaf.eax`), tables, pmus, ... */
  readonly globals: Map<string, GlobalDecl>;
  /** Registers by name, including the four of each cpuid leaf. */
  readonly registers: Map<string, A.RegisterDecl>;
  readonly consumers: Map<string, A.ConsumerDecl>;
  readonly reasons: Map<string, ReasonEntry>;
  readonly examples: A.ExampleDecl[];
}

export interface CheckContext {
  readonly files: readonly A.FileAst[];
  readonly symbols: Symbols;
  readonly bag: DiagnosticBag;
  readonly resolutions: WeakMap<A.Expr, Resolution>;
  /** For the event of each `generic` outcome: the perf target and type its type names. */
  readonly perfEvents: WeakMap<A.Expr, { readonly target: string; readonly type: string }>;
  /** Per file path, the tables roots its imports must stay inside (SourceFile.roots). */
  readonly roots?: ReadonlyMap<string, readonly string[]>;
}

/** Every declaration of a given kind, in file order. */
export function declsOf<K extends A.Decl['kind']>(
  files: readonly A.FileAst[],
  kind: K,
): Extract<A.Decl, { kind: K }>[] {
  const out: Extract<A.Decl, { kind: K }>[] = [];
  for (const f of files) {
    for (const d of f.decls) if (d.kind === kind) out.push(d as Extract<A.Decl, { kind: K }>);
  }
  return out;
}

/** All registers, top-level and those inside cpuid leaves. */
export function allRegisters(files: readonly A.FileAst[]): A.RegisterDecl[] {
  return [
    ...declsOf(files, 'register'),
    ...declsOf(files, 'cpuid').flatMap((leaf) => leaf.registers),
  ];
}

/** Human names of declaration kinds, for messages. */
export const kindName: Record<A.Decl['kind'], string> = {
  target: 'target',
  enum: 'enum',
  register: 'register',
  cpuid: 'cpuid leaf',
  feature: 'feature',
  table: 'table',
  reasons: 'reasons block',
  pmu: 'pmu',
  interface: 'interface',
  consumer: 'consumer',
  example: 'example',
  arch: 'arch',
  fn: 'function',
  explore: 'explore',
  import: 'import',
  core: 'core',
  lacks: 'lacks',
  system: 'system',
  protocol: 'protocol',
  machine: 'machine',
};

/** `a, b, c` (at most `limit` names, then `...`) for "expected one of" messages. */
export function oneOf(names: Iterable<string>, limit = 8): string {
  const all = [...names];
  const shown = all.slice(0, limit).map((n) => `'${n}'`);
  return all.length > limit ? `${shown.join(', ')}, ...` : shown.join(', ') || '(none)';
}
