/**
 * Evaluate model expressions. Each expression tree is compiled once into a
 * closure (cached per tree), so a consumer run costs a few closure calls
 * per step rather than a tree walk.
 */
import type { MExpr } from '../model/model.ts';
import type { Tables } from './tables.ts';
import { fixedEventTable } from './tables.ts';
import type { Ranges, Value } from './values.ts';
import {
  actionAt,
  contiguous,
  EvalError,
  extract,
  fls,
  formatValue,
  genmask,
  popcount,
  prefixMask,
  sameValue,
  shiftLeft,
  shiftRight,
  u64,
  U64_MASK,
} from './values.ts';

/** What an expression can see: step variables, and register values for gates. */
export interface EvalEnv {
  readonly vars: ReadonlyMap<string, Value>;
  readonly registers?: ReadonlyMap<string, bigint>;
}

type Compiled = (env: EvalEnv) => Value;

const EMPTY: EvalEnv = { vars: new Map() };
const cache = new WeakMap<Tables, WeakMap<MExpr, Compiled>>();

function int(v: Value, what: string): bigint {
  if (typeof v === 'bigint') return v;
  throw new EvalError(`expected an integer for ${what}, found ${formatValue(v)}`);
}

function bool(v: Value, what: string): boolean {
  if (typeof v === 'boolean') return v;
  throw new EvalError(`expected a boolean for ${what}, found ${formatValue(v)}`);
}

function tableOf(t: Tables, v: Value): { name: string; map: ReadonlyMap<bigint, bigint> } {
  if (typeof v === 'object' && v.kind === 'table') {
    const map = t.tables.get(v.name);
    if (map) return { name: v.name, map };
  }
  throw new EvalError(`expected a table, found ${formatValue(v)}`);
}

function ranges(v: Value | undefined, what: string): Ranges {
  if (typeof v === 'object' && v.kind === 'ranges') return v;
  throw new EvalError(
    `expected a list of ranges for ${what}, found ${v === undefined ? 'nothing' : formatValue(v)}`,
  );
}

const ints = (a: readonly Value[], what: string): bigint[] => a.map((v) => int(v, what));

/** The builtins; the checker guarantees their argument kinds (see BUILTINS in check/types.ts). */
const BUILTIN: Record<string, (args: readonly Value[]) => bigint> = {
  min: (a) => ints(a, 'min()').reduce((x, y) => (y < x ? y : x)),
  max: (a) => ints(a, 'max()').reduce((x, y) => (y > x ? y : x)),
  popcount: ([x]) => popcount(int(x ?? 0n, 'popcount()')),
  contiguous: ([x]) => contiguous(int(x ?? 0n, 'contiguous()')),
  prefix: ([k]) => prefixMask(int(k ?? 0n, 'prefix()')),
  fls: ([x]) => fls(int(x ?? 0n, 'fls()')),
  bit: ([i]) => shiftLeft(1n, int(i ?? 0n, 'bit()')),
  genmask: ([hi, lo]) => genmask(int(hi ?? 0n, 'genmask()'), int(lo ?? 0n, 'genmask()')),
  count: ([r]) => BigInt(ranges(r, 'count()').items.length),
  first_action: ([r]) => ranges(r, 'first_action()').items[0]?.action ?? 0n,
  action_at: ([r, x, fallback]) =>
    actionAt(
      ranges(r, 'action_at()'),
      int(x ?? 0n, 'action_at()'),
      int(fallback ?? 0n, 'action_at()'),
    ),
  // hi + 1 wraps like every u64 sum: a range ending at 2^64 - 1 ends at 0.
  range_end: ([r]) =>
    ranges(r, 'range_end()').items.reduce(
      (end, item) => (u64(item.hi + 1n) > end ? u64(item.hi + 1n) : end),
      0n,
    ),
};

function binary(kind: string, a: Value, b: Value): Value {
  switch (kind) {
    case '==':
      return sameValue(a, b);
    case '!=':
      return !sameValue(a, b);
  }
  const x = int(a, kind);
  const y = int(b, kind);
  switch (kind) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '|':
      return x | y;
    case '^':
      return x ^ y;
    case '&':
      return x & y;
    case '<<':
      return shiftLeft(x, y);
    case '>>':
      return shiftRight(x, y);
    case '+':
      return u64(x + y);
    case '-':
      return u64(x - y);
  }
  throw new EvalError(`unknown operator ${kind}`);
}

const propCache = new WeakMap<Tables, Map<string, Value>>();

/** A pmu property's value; properties are constants, so each is computed once per tables. */
function pmuProp(t: Tables, pmuName: string, prop: string): Value {
  let perTables = propCache.get(t);
  if (!perTables) {
    perTables = new Map();
    propCache.set(t, perTables);
  }
  const key = `${pmuName}\0${prop}`;
  let v = perTables.get(key);
  if (v === undefined) {
    v = computePmuProp(t, pmuName, prop);
    perTables.set(key, v);
  }
  return v;
}

function computePmuProp(t: Tables, pmuName: string, prop: string): Value {
  const pmu = t.pmus.get(pmuName);
  if (!pmu) throw new EvalError(`unknown pmu '${pmuName}'`);
  if (prop === 'fixed_event') return { kind: 'table', name: fixedEventTable(pmuName) };
  if (prop === 'counters') {
    let mask = 0n;
    for (const c of pmu.counters) for (let i = c.lo; i <= c.hi; i++) mask |= 1n << BigInt(i);
    return mask;
  }
  const p = pmu.props.find((x) => x.name === prop);
  if (!p) throw new EvalError(`pmu '${pmuName}' has no property '${prop}'`);
  return 'table' in p ? { kind: 'table', name: p.table } : evaluate(t, p.value, EMPTY);
}

function compile(t: Tables, e: MExpr): Compiled {
  switch (e.op) {
    case 'const': {
      const v = BigInt(e.value);
      return () => v;
    }
    case 'bool':
      return () => e.value;
    case 'var':
      return (env) => {
        const v = env.vars.get(e.name);
        if (v === undefined) throw new EvalError(`no value for '${e.name}'`);
        return v;
      };
    case 'register':
      return (env) => {
        const v = env.registers?.get(e.name);
        if (v === undefined) throw new EvalError(`no value for register '${e.name}'`);
        return v;
      };
    case 'feature': {
      const feature = t.features.get(e.name);
      if (!feature) throw new EvalError(`unknown feature '${e.name}'`);
      const cond = compiled(t, feature.condition);
      return cond;
    }
    case 'pmu':
      return () => ({ kind: 'pmu', name: e.name });
    case 'table':
      return () => ({ kind: 'table', name: e.name });
    case 'prop': {
      const object = compiled(t, e.object);
      // Properties are constants: remember each pmu's value in this closure.
      const seen = new Map<string, Value>();
      return (env) => {
        const o = object(env);
        if (typeof o !== 'object' || o.kind !== 'pmu') {
          throw new EvalError(`expected a pmu before .${e.name}, found ${formatValue(o)}`);
        }
        let v = seen.get(o.name);
        if (v === undefined) {
          v = pmuProp(t, o.name, e.name);
          seen.set(o.name, v);
        }
        return v;
      };
    }
    case 'field': {
      const object = compiled(t, e.object);
      const lsb = BigInt(e.lsb);
      const width = BigInt(e.width);
      return (env) => extract(int(object(env), 'a field'), lsb, width);
    }
    case 'slice': {
      const [object, hi, lo] = [compiled(t, e.object), compiled(t, e.hi), compiled(t, e.lo)];
      return (env) => {
        const h = int(hi(env), 'a slice');
        const l = int(lo(env), 'a slice');
        return h < l ? 0n : extract(int(object(env), 'a slice'), l, h - l + 1n);
      };
    }
    case 'bit': {
      const [object, index] = [compiled(t, e.object), compiled(t, e.index)];
      return (env) => extract(int(object(env), 'a bit index'), int(index(env), 'a bit index'), 1n);
    }
    case 'lookup': {
      const [table, key] = [compiled(t, e.table), compiled(t, e.key)];
      return (env) => {
        const k = int(key(env), 'a table key');
        const { name, map } = tableOf(t, table(env));
        const v = map.get(k);
        if (v === undefined) throw new EvalError(`key ${formatValue(k)} is not in table '${name}'`);
        return v;
      };
    }
    case 'call': {
      const user = BUILTIN[e.fn] ? undefined : t.functions.get(e.fn);
      if (user) {
        // A table function: evaluate the arguments, then the body with only
        // the parameters in scope.
        const body = compiled(t, user.body);
        const params = user.params.map(
          (p, i) => [p.name, compiled(t, e.args[i] ?? { op: 'const', value: '0x0' })] as const,
        );
        return (env) => {
          const vars = new Map<string, Value>();
          for (const [name, arg] of params) vars.set(name, arg(env));
          return body({ vars });
        };
      }
      const fn = BUILTIN[e.fn];
      if (!fn) throw new EvalError(`unknown function '${e.fn}'`);
      const args = e.args.map((a) => compiled(t, a));
      return (env) => fn(args.map((a) => a(env)));
    }
    case '!': {
      const arg = compiled(t, e.arg);
      return (env) => !bool(arg(env), '!');
    }
    case '~': {
      const arg = compiled(t, e.arg);
      return (env) => int(arg(env), '~') ^ U64_MASK;
    }
    case 'bin': {
      const [a, b] = [compiled(t, e.a), compiled(t, e.b)];
      if (e.kind === '&&') return (env) => bool(a(env), '&&') && bool(b(env), '&&');
      if (e.kind === '||') return (env) => bool(a(env), '||') || bool(b(env), '||');
      return (env) => binary(e.kind, a(env), b(env));
    }
    case 'cond': {
      const [test, then, otherwise] = [
        compiled(t, e.test),
        compiled(t, e.then),
        compiled(t, e.otherwise),
      ];
      return (env) => (bool(test(env), '?:') ? then(env) : otherwise(env));
    }
    case 'inSet': {
      const value = compiled(t, e.value);
      const items = e.items.map((i) => compiled(t, i));
      return (env) => {
        const v = value(env);
        return items.some((i) => sameValue(i(env), v));
      };
    }
    case 'inRange': {
      const value = compiled(t, e.value);
      const [lo, hi] = [BigInt(e.lo), BigInt(e.hi)];
      return (env) => {
        const v = int(value(env), 'in');
        return v >= lo && v <= hi;
      };
    }
    case 'ranges': {
      const items = e.items.map((i) => ({
        action: compiled(t, i.action),
        lo: BigInt(i.lo),
        hi: BigInt(i.hi),
      }));
      return (env) => ({
        kind: 'ranges',
        items: items.map((i) => ({
          action: int(i.action(env), 'a range action'),
          lo: i.lo,
          hi: i.hi,
        })),
      });
    }
    case 'bits': {
      // bits(i in lo..hi : cond): bit i set where cond holds for i.
      const cond = compiled(t, e.cond);
      return (env) => {
        const vars = new Map(env.vars);
        const inner: EvalEnv = env.registers ? { vars, registers: env.registers } : { vars };
        let mask = 0n;
        for (let i = e.lo; i <= e.hi; i++) {
          vars.set(e.variable, BigInt(i));
          if (bool(cond(inner), 'bits()')) mask |= 1n << BigInt(i);
        }
        return mask;
      };
    }
    case 'inTable': {
      const [value, table] = [compiled(t, e.value), compiled(t, e.table)];
      return (env) => {
        const k = int(value(env), 'in');
        return tableOf(t, table(env)).map.has(k);
      };
    }
  }
}

function compiled(t: Tables, e: MExpr): Compiled {
  let perTables = cache.get(t);
  if (!perTables) {
    perTables = new WeakMap();
    cache.set(t, perTables);
  }
  let fn = perTables.get(e);
  if (!fn) {
    fn = compile(t, e);
    perTables.set(e, fn);
  }
  return fn;
}

/** The compiled closure of `e` (cached), for callers that evaluate it many times. */
export function compileExpr(t: Tables, e: MExpr): (env: EvalEnv) => Value {
  return compiled(t, e);
}

/** Evaluate `e`; throws EvalError when an input is missing or a lookup fails. */
export function evaluate(t: Tables, e: MExpr, env: EvalEnv = EMPTY): Value {
  return compiled(t, e)(env);
}
