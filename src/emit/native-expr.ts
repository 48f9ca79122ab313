/**
 * Static facts about model expressions for the C and Rust emitters: the
 * native type of each (int, bool, pmu, table, ranges), whether evaluating
 * it can fail as the runtime's EvalError does, and the variables it reads.
 */
import type { MExpr } from '../model/model.ts';
import type { Analysis, NType } from './native-model.ts';
import { EmitError, typeOfName } from './native-model.ts';

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const BUILTINS = new Set([
  ...['min', 'max', 'popcount', 'contiguous', 'prefix', 'fls', 'bit', 'genmask'],
  ...['count', 'first_action', 'action_at', 'range_end'],
]);

export const isBuiltin = (fn: string): boolean => BUILTINS.has(fn);

export type TypeEnv = (name: string) => NType | undefined;

/** The static type of `e` where `vars` gives the type of each variable in scope. */
export function typeOf(a: Analysis, e: MExpr, vars: TypeEnv): NType {
  switch (e.op) {
    case 'const':
    case 'field':
    case 'slice':
    case 'bit':
    case 'lookup':
    case '~':
    case 'bits':
      return 'int';
    case 'bool':
    case '!':
    case 'inSet':
    case 'inRange':
    case 'inTable':
      return 'bool';
    case 'pmu':
      return 'pmu';
    case 'table':
      return 'table';
    case 'ranges':
      return 'ranges';
    case 'var': {
      const t = vars(e.name);
      if (!t) throw new EmitError(`no variable '${e.name}' in scope`);
      return t;
    }
    case 'prop':
      return a.prop(e.name).type;
    case 'call': {
      if (isBuiltin(e.fn)) return 'int';
      const fn = a.model.functions.find((f) => f.name === e.fn);
      if (!fn) throw new EmitError(`unknown function '${e.fn}'`);
      return typeOfName(a.model, fn.returns);
    }
    case 'bin':
      return COMPARE.has(e.kind) ? 'bool' : 'int';
    case 'cond':
      return typeOf(a, e.then, vars);
    case 'register':
    case 'feature':
      throw new EmitError(
        `${e.op} '${e.name}' is only meaningful in a gate, not in generated code`,
      );
  }
}

/** True when evaluating `e` can fail (the runtime's EvalError): a lookup, a pmu property, a call of such a function. */
export function mayFail(a: Analysis, e: MExpr): boolean {
  switch (e.op) {
    case 'lookup':
      return true;
    case 'prop':
      return !(e.object.op === 'pmu' && a.prop(e.name).values.has(e.object.name));
    case 'call': {
      const fn = isBuiltin(e.fn) ? undefined : a.model.functions.find((f) => f.name === e.fn);
      return (fn !== undefined && mayFail(a, fn.body)) || e.args.some((x) => mayFail(a, x));
    }
    default:
      return children(e).some((c) => mayFail(a, c));
  }
}

/** The direct subexpressions of `e`. */
export function children(e: MExpr): MExpr[] {
  switch (e.op) {
    case 'prop':
    case 'field':
      return [e.object];
    case 'slice':
      return [e.object, e.hi, e.lo];
    case 'bit':
      return [e.object, e.index];
    case 'lookup':
      return [e.table, e.key];
    case 'call':
      return [...e.args];
    case '!':
    case '~':
      return [e.arg];
    case 'bin':
      return [e.a, e.b];
    case 'cond':
      return [e.test, e.then, e.otherwise];
    case 'inSet':
      return [e.value, ...e.items];
    case 'inRange':
      return [e.value];
    case 'inTable':
      return [e.value, e.table];
    case 'ranges':
      return e.items.map((i) => i.action);
    case 'bits':
      return [e.cond];
    default:
      return [];
  }
}

/** The variables `e` reads that it does not bind itself (bits() binds its index). */
export function freeVars(e: MExpr, out = new Set<string>()): Set<string> {
  if (e.op === 'var') out.add(e.name);
  else if (e.op === 'bits') {
    const inner = freeVars(e.cond);
    inner.delete(e.variable);
    for (const v of inner) out.add(v);
  } else for (const c of children(e)) freeVars(c, out);
  return out;
}
