/**
 * Model expressions as Rust expressions with the runtime's semantics. A
 * failing lookup is `Err` propagated with `?` (the runtime's EvalError);
 * bits() is an inline loop block; a pmu property a `match` over pmu ids in
 * a private function of the module. Parentheses only where needed, so the
 * output is clean under `-D warnings`.
 */
import type { MExpr } from '../model/model.ts';
import type { Value } from '../runtime/values.ts';
import { U64_MASK } from '../runtime/values.ts';
import type { Analysis, NType } from './native-model.ts';
import { EmitError, fileOf, hex, lower } from './native-model.ts';
import { isBuiltin, mayFail, typeOf } from './native-expr.ts';
import { rustConst, rustFn, rustModule } from './native-names.ts';

export interface RustFile {
  readonly a: Analysis;
  readonly source: string;
  /** Private functions of the module (pmu property accessors), by name. */
  readonly helpers: Map<string, string>;
  next: number;
}

export interface RVar {
  readonly code: string;
  readonly type: NType;
}

export interface RScope {
  readonly vars: ReadonlyMap<string, RVar>;
  readonly used: Set<string>;
}

interface Code {
  readonly code: string;
  readonly atomic: boolean;
}

export const RUST_TYPES: Record<NType, string> = {
  int: 'u64',
  bool: 'bool',
  pmu: 'u32',
  table: "&'static [(u64, u64)]",
  ranges: '&[(u64, u64, u64)]',
};

const atom = (code: string): Code => ({ code, atomic: true });
const compound = (code: string): Code => ({ code, atomic: false });
const wrap = (c: Code): string => (c.atomic ? c.code : `(${c.code})`);

/** `NAME` in this module, `crate::<module>::NAME` in another. */
export function rustPath(f: RustFile, file: string, name: string): string {
  return file === f.source ? name : `crate::${rustModule(file)}::${name}`;
}

export function rustTableRef(f: RustFile, name: string): string {
  const info = f.a.tableInfo(name);
  return rustPath(f, info.file, rustConst(info.name));
}

export function rustPmu(f: RustFile, pmu: string): string {
  return rustPath(f, f.a.pmuFile.get(pmu) ?? f.source, rustConst('PMU', pmu));
}

export function rustValue(f: RustFile, v: Value): string {
  if (typeof v === 'bigint') return `${hex(v)}_u64`;
  if (typeof v === 'boolean') return String(v);
  if (v.kind === 'pmu') return rustPmu(f, v.name);
  if (v.kind === 'table') return rustTableRef(f, v.name);
  throw new EmitError('a ranges value cannot be a pmu property');
}

function propAccessor(f: RustFile, name: string): string {
  const fn = `pmumap_prop_${lower(name)}`;
  if (f.helpers.has(fn)) return fn;
  const info = f.a.prop(name);
  const arms = [...info.values].map(
    ([pmu, v]) => `        ${rustPmu(f, pmu)} => Ok(${rustValue(f, v)}),`,
  );
  f.helpers.set(
    fn,
    [
      `/// The pmu property \`${name}\` of each pmu that has it.`,
      `fn ${fn}(pmu: u32) -> Result<${RUST_TYPES[info.type]}, &'static str> {`,
      '    match pmu {',
      ...arms,
      `        _ => Err("pmumap: this pmu has no property ${name}"),`,
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  return fn;
}

const isConst = (e: MExpr, v: bigint): boolean => e.op === 'const' && BigInt(e.value) === v;
const edge = (e: MExpr): boolean => isConst(e, 0n) || isConst(e, U64_MASK);
const simple = (e: MExpr): boolean => e.op === 'var' || e.op === 'const' || e.op === 'pmu';

/** `test(v)` on a value evaluated once (a block binding it unless it is a plain name). */
function withValue(f: RustFile, v: MExpr, s: RScope, test: (v: string) => string): Code {
  const code = build(f, v, s);
  if (simple(v)) return compound(test(wrap(code)));
  const t = `t${f.next++}`;
  return compound(`{ let ${t} = ${code.code}; ${test(t)} }`);
}

function builtin(f: RustFile, e: MExpr & { op: 'call' }, s: RScope): Code {
  const args = e.args.map((x) => build(f, x, s).code);
  const [x = '0', y = '0', z = '0'] = args;
  switch (e.fn) {
    case 'min':
    case 'max':
      if (args.length === 0) throw new EmitError(`${e.fn}() needs an argument`);
      return atom(args.reduce((acc, next) => `rt::${e.fn}(${acc}, ${next})`));
    case 'bit':
      return atom(`rt::shl(1, ${x})`);
    case 'genmask':
      return atom(`rt::genmask(${x}, ${y})`);
    case 'action_at':
      return atom(`rt::action_at(${x}, ${y}, ${z})`);
    default:
      return atom(`rt::${e.fn}(${x})`);
  }
}

function call(f: RustFile, e: MExpr & { op: 'call' }, s: RScope): Code {
  if (isBuiltin(e.fn)) return builtin(f, e, s);
  const fn = f.a.model.functions.find((x) => x.name === e.fn);
  if (!fn) throw new EmitError(`unknown function '${e.fn}'`);
  const args = fn.params.map((_, i) => {
    const arg = e.args[i];
    return arg ? build(f, arg, s).code : '0_u64';
  });
  const path = rustPath(f, fileOf(fn.origin), rustFn(fn.name));
  return atom(`${path}(${args.join(', ')})${mayFail(f.a, fn.body) ? '?' : ''}`);
}

function bits(f: RustFile, e: MExpr & { op: 'bits' }, s: RScope): Code {
  if (e.hi > 63 || e.lo > e.hi) throw new EmitError(`bits(${e.lo}..${e.hi}) is not within 0..63`);
  const k = f.next++;
  const vars = new Map(s.vars);
  vars.set(e.variable, { code: `i${k}`, type: 'int' });
  const cond = build(f, e.cond, { vars, used: s.used });
  return compound(
    `{ let mut m${k}: u64 = 0; for i${k} in ${e.lo}_u64..=${e.hi} { if ${cond.code} { m${k} |= 1 << i${k}; } } m${k} }`,
  );
}

const isBool = (e: MExpr, v: boolean): boolean => e.op === 'bool' && e.value === v;

/**
 * `true && x` as `x`, `x || false` as `x`, `false && x` as `false`, ... (clippy
 * flags the literal forms): the same value and the same failures, as the
 * runtime short-circuits and a side it keeps is still evaluated.
 */
function foldLogic(f: RustFile, e: MExpr & { op: 'bin' }): MExpr | undefined {
  if (e.kind !== '&&' && e.kind !== '||') return undefined;
  const unit = e.kind === '&&'; // true for &&, false for ||
  if (isBool(e.a, unit)) return e.b;
  if (isBool(e.b, unit)) return e.a;
  if (isBool(e.a, !unit)) return e.a;
  if (isBool(e.b, !unit) && !mayFail(f.a, e.a)) return e.b;
  return undefined;
}

/** `x >= lo` as [x, lo, inclusive] (also `lo <= x`; `x > lo` is no range start). */
function lowerBound(e: MExpr): [MExpr, MExpr] | undefined {
  if (e.op !== 'bin') return undefined;
  if (e.kind === '>=') return [e.a, e.b];
  if (e.kind === '<=') return [e.b, e.a];
  return undefined;
}

/** `x < hi` / `x <= hi` as [x, hi, inclusive] (also `hi > x`, `hi >= x`). */
function upperBound(e: MExpr): [MExpr, MExpr, boolean] | undefined {
  if (e.op !== 'bin') return undefined;
  if (e.kind === '<' || e.kind === '<=') return [e.a, e.b, e.kind === '<='];
  if (e.kind === '>' || e.kind === '>=') return [e.b, e.a, e.kind === '>='];
  return undefined;
}

const sameOperand = (a: MExpr, b: MExpr): boolean =>
  simple(a) && JSON.stringify(a) === JSON.stringify(b);

/**
 * `x >= lo && x < hi` (either order) on a plain name as `(lo..hi).contains(&x)`,
 * the spelling clippy asks for; the same value, as no side can fail.
 */
function rangeTest(f: RustFile, e: MExpr & { op: 'bin' }, s: RScope): Code | undefined {
  if (mayFail(f.a, e.a) || mayFail(f.a, e.b)) return undefined;
  for (const [first, second] of [
    [e.a, e.b],
    [e.b, e.a],
  ] as const) {
    const lo = lowerBound(first);
    const hi = upperBound(second);
    if (!lo || !hi || !sameOperand(lo[0], hi[0])) continue;
    const x = build(f, lo[0], s).code;
    const range = `${wrap(build(f, lo[1], s))}..${hi[2] ? '=' : ''}${wrap(build(f, hi[1], s))}`;
    return atom(`(${range}).contains(&${x})`);
  }
  return undefined;
}

function build(f: RustFile, e: MExpr, s: RScope): Code {
  const b = (x: MExpr): Code => build(f, x, s);
  switch (e.op) {
    case 'const':
      return atom(`${hex(e.value)}_u64`);
    case 'bool':
      return atom(String(e.value));
    case 'var': {
      const v = s.vars.get(e.name);
      if (!v) throw new EmitError(`no variable '${e.name}' in scope`);
      s.used.add(v.code);
      return atom(v.code);
    }
    case 'pmu':
      return atom(rustPmu(f, e.name));
    case 'table':
      return atom(rustTableRef(f, e.name));
    case 'prop': {
      if (e.object.op === 'pmu') {
        const v = f.a.prop(e.name).values.get(e.object.name);
        if (v !== undefined) return atom(rustValue(f, v));
      }
      return atom(`${propAccessor(f, e.name)}(${b(e.object).code})?`);
    }
    case 'field': {
      const o = b(e.object);
      if (e.lsb >= 64 || e.width < 1) return atom(`rt::extract(${o.code}, ${e.lsb}, ${e.width})`);
      const shifted = e.lsb === 0 ? o : compound(`${wrap(o)} >> ${e.lsb}`);
      if (e.width + e.lsb >= 64) return shifted;
      return compound(`${wrap(shifted)} & ${hex((1n << BigInt(e.width)) - 1n)}`);
    }
    case 'slice':
      return atom(`rt::slice(${b(e.object).code}, ${b(e.hi).code}, ${b(e.lo).code})`);
    case 'bit':
      return atom(`rt::bit(${b(e.object).code}, ${b(e.index).code})`);
    case 'lookup':
      return atom(`rt::table_get(${b(e.table).code}, ${b(e.key).code})?`);
    case 'call':
      return call(f, e, s);
    case '!':
    case '~':
      return compound(`!${wrap(b(e.arg))}`);
    case 'bin': {
      const folded = foldLogic(f, e);
      if (folded) return build(f, folded, s);
      const range = e.kind === '&&' ? rangeTest(f, e, s) : undefined;
      if (range) return range;
      const x = b(e.a);
      if (e.kind === '&&' || e.kind === '||') {
        // A side that built to a literal (a full inRange, an empty inSet) folds as in foldLogic.
        const unit = e.kind === '&&' ? 'true' : 'false';
        if (x.code === unit) return b(e.b);
        if (x.code === (e.kind === '&&' ? 'false' : 'true')) return x;
        const y = b(e.b);
        if (y.code === unit) return x;
        return compound(`${wrap(x)} ${e.kind} ${wrap(y)}`);
      }
      const y = b(e.b);
      switch (e.kind) {
        case '<<':
          return atom(`rt::shl(${x.code}, ${y.code})`);
        case '>>':
          return atom(`rt::shr(${x.code}, ${y.code})`);
        case '+':
          return atom(`${wrap(x)}.wrapping_add(${y.code})`);
        case '-':
          return atom(`${wrap(x)}.wrapping_sub(${y.code})`);
      }
      if (['<', '<=', '>', '>='].includes(e.kind) && (edge(e.a) || edge(e.b))) {
        const [l, r] = e.kind[0] === '<' ? [x, y] : [y, x];
        return atom(`rt::${e.kind.endsWith('=') ? 'le' : 'lt'}(${l.code}, ${r.code})`);
      }
      return compound(`${wrap(x)} ${e.kind} ${wrap(y)}`);
    }
    case 'cond':
      return compound(`if ${b(e.test).code} { ${b(e.then).code} } else { ${b(e.otherwise).code} }`);
    case 'inSet': {
      if (e.items.length === 0) {
        return mayFail(f.a, e.value)
          ? compound(`{ let _ = ${b(e.value).code}; false }`)
          : atom('false');
      }
      return withValue(f, e.value, s, (v) =>
        e.items.map((i) => `${v} == ${wrap(b(i))}`).join(' || '),
      );
    }
    case 'inRange': {
      const [lo, hi] = [BigInt(e.lo), BigInt(e.hi)];
      const tests = (v: string): string[] => [
        ...(lo > 0n ? [`${v} >= ${hex(lo)}`] : []),
        ...(hi < U64_MASK ? [`${v} <= ${hex(hi)}`] : []),
      ];
      if (tests('').length === 0) {
        return mayFail(f.a, e.value)
          ? compound(`{ let _ = ${b(e.value).code}; true }`)
          : atom('true');
      }
      if (lo > 0n && hi < U64_MASK)
        return withValue(f, e.value, s, (v) => `(${hex(lo)}..=${hex(hi)}).contains(&${v})`);
      return withValue(f, e.value, s, (v) => tests(v).join(' && '));
    }
    case 'inTable':
      return atom(`rt::table_has(${b(e.table).code}, ${b(e.value).code})`);
    case 'ranges': {
      const rows = e.items.map((i) => {
        if (i.action.op !== 'const') throw new EmitError('a ranges literal needs constant actions');
        return `(${hex(i.action.value)}_u64, ${hex(i.lo)}_u64, ${hex(i.hi)}_u64)`;
      });
      return compound(`&[${rows.join(', ')}]`);
    }
    case 'bits':
      return bits(f, e, s);
    case 'register':
    case 'feature':
      throw new EmitError(
        `${e.op} '${e.name}' is only meaningful in a gate, not in generated code`,
      );
  }
}

/** The Rust expression for `e` in scope `s` (outermost parentheses left off). */
export function rustExpr(f: RustFile, e: MExpr, s: RScope): string {
  return build(f, e, s).code;
}

export function rustTypeOf(f: RustFile, e: MExpr, s: RScope): NType {
  return typeOf(f.a, e, (name) => s.vars.get(name)?.type);
}
