/**
 * The DSL's static types: what a type name means, how types are described
 * in messages, and which types may stand where another is declared.
 * Inference lives in infer.ts.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';

export type Ty =
  | { readonly k: 'bool' }
  | { readonly k: 'int' }
  | { readonly k: 'enum'; readonly name: string }
  | { readonly k: 'reg'; readonly name: string }
  | { readonly k: 'pmu'; readonly name: string }
  | { readonly k: 'perfType'; readonly target: string }
  | { readonly k: 'perfEvent'; readonly target: string; readonly type: string }
  | { readonly k: 'table'; readonly key: Ty; readonly value: Ty }
  | { readonly k: 'enumNs'; readonly name: string }
  | { readonly k: 'targetNs'; readonly name: string }
  | { readonly k: 'perfTypeNs'; readonly target: string; readonly type: string }
  | { readonly k: 'leafNs'; readonly name: string }
  | { readonly k: 'ranges'; readonly action?: string }
  | { readonly k: 'error' };

export const BOOL: Ty = { k: 'bool' };
export const INT: Ty = { k: 'int' };
export const ERROR: Ty = { k: 'error' };

/**
 * Builtin functions: the kinds of their arguments (`int...` = one or more
 * integers). `ranges` is an ordered list of (action, first, last) ranges,
 * such as a KVM PMU event filter; every builtin returns an integer.
 */
export const BUILTINS: Readonly<Record<string, readonly ('int' | 'int...' | 'ranges')[]>> = {
  min: ['int...'],
  max: ['int...'],
  popcount: ['int'],
  contiguous: ['int'],
  prefix: ['int'],
  fls: ['int'],
  bit: ['int'],
  genmask: ['int', 'int'],
  count: ['ranges'],
  first_action: ['ranges'],
  action_at: ['ranges', 'int', 'int'],
  range_end: ['ranges'],
};

export const RANGES: Ty = { k: 'ranges' };

export function isInt(t: Ty): boolean {
  return (
    t.k === 'int' || t.k === 'enum' || t.k === 'reg' || t.k === 'perfType' || t.k === 'perfEvent'
  );
}

export function describe(t: Ty): string {
  switch (t.k) {
    case 'bool':
      return 'a boolean';
    case 'int':
      return 'an integer';
    case 'enum':
      return `a ${t.name} value`;
    case 'reg':
      return `a ${t.name} register value`;
    case 'pmu':
      return `a pmu (${t.name})`;
    case 'perfType':
      return `a ${t.target} type`;
    case 'perfEvent':
      return `a ${t.target}.${t.type} event`;
    case 'table':
      return 'a table';
    case 'enumNs':
      return `the enum ${t.name}`;
    case 'targetNs':
      return `the target ${t.name}`;
    case 'perfTypeNs':
      return `the perf type ${t.target}.${t.type}`;
    case 'leafNs':
      return `the cpuid leaf ${t.name}`;
    case 'ranges':
      return 'a list of ranges';
    case 'error':
      return 'an invalid expression';
  }
}

/** Where an expression is evaluated, which names it may see. */
export interface Env {
  readonly ctx: CheckContext;
  readonly locals: ReadonlyMap<string, Ty>;
  /** Registers, cpuid leaves and features name their values (gates, features). */
  readonly context: boolean;
  /** Inside a cpuid leaf: `eax` etc. name that leaf's registers. */
  readonly leaf?: string;
  /** Infer without reporting (a parent's step re-typed for a child). */
  readonly quiet?: boolean;
}

/** Resolve a written type name. */
/** Resolve a written type name (`ranges<E>` is a list of ranges whose actions are E members). */
export function resolveType(ctx: CheckContext, ref: A.TypeRef, quiet = false): Ty {
  const name = ref.name;
  if (name === 'bool') return BOOL;
  if (name === 'ranges') return RANGES;
  const rangesOf = /^ranges<(\w+)>$/.exec(name);
  if (rangesOf?.[1] && ctx.symbols.globals.get(rangesOf[1])?.kind === 'enum') {
    return { k: 'ranges', action: rangesOf[1] };
  }
  const uint = /^u(\d+)$/.exec(name);
  if (uint && Number(uint[1]) >= 1 && Number(uint[1]) <= 64) return INT;
  if (ctx.symbols.registers.has(name)) return { k: 'reg', name };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const target = ctx.symbols.globals.get(name.slice(0, dot));
    const typeName = name.slice(dot + 1);
    if (target?.kind === 'target' && target.types.some((t) => t.name.name === typeName && t.ids)) {
      return { k: 'perfEvent', target: target.name.name, type: typeName };
    }
  }
  const decl = ctx.symbols.globals.get(name);
  if (decl?.kind === 'enum') return { k: 'enum', name };
  if (decl?.kind === 'pmu') return { k: 'pmu', name };
  if (!quiet) ctx.bag.report('UnknownType', ref.span, [name]);
  return ERROR;
}

/** True when `actual` can be used where `expected` is declared. */
export function assignable(expected: Ty, actual: Ty): boolean {
  if (expected.k === 'error' || actual.k === 'error') return true;
  if (expected.k === 'bool') return actual.k === 'bool';
  if (expected.k === 'int' || expected.k === 'reg') return isInt(actual);
  if (expected.k === 'enum')
    return actual.k === 'int' || (actual.k === 'enum' && actual.name === expected.name);
  if (expected.k === 'perfEvent') {
    return (
      actual.k === 'perfEvent' && actual.target === expected.target && actual.type === expected.type
    );
  }
  if (expected.k === 'pmu') return actual.k === 'pmu';
  if (expected.k === 'ranges') return actual.k === 'ranges';
  return false;
}
