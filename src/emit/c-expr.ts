/**
 * Model expressions as C expressions with the runtime's semantics: u64
 * wrap-around, guarded shifts, lazy `?:`, `&&`, `||` and `in {..}`. A
 * failing lookup sets the `bool *err` in scope, as the runtime throws
 * EvalError. bits() becomes a hoisted loop function and a pmu property a
 * hoisted switch over pmu ids; both go into the file's helper list.
 */
import type { MExpr } from '../model/model.ts';
import { U64_MASK } from '../runtime/values.ts';
import type { CFile, CScope, CVar } from './c-values.ts';
import { C_TYPES, cTableRef, cValue, depend, propAccessor } from './c-values.ts';
import type { NType } from './native-model.ts';
import { EmitError, fileOf, hex, sanitize } from './native-model.ts';
import { freeVars, isBuiltin, mayFail, typeOf } from './native-expr.ts';
import { cFn, cPrivate } from './native-names.ts';

interface Code {
  readonly code: string;
  readonly atomic: boolean;
}

const atom = (code: string): Code => ({ code, atomic: true });
const compound = (code: string): Code => ({ code, atomic: false });
const wrap = (c: Code): string => (c.atomic ? c.code : `(${c.code})`);

function needErr(s: CScope): string {
  if (s.err === undefined)
    throw new Error('internal: a failing expression outside a failing scope');
  return s.err;
}

function bitsHelper(f: CFile, e: MExpr & { op: 'bits' }, s: CScope): Code {
  if (e.hi > 63 || e.lo > e.hi) throw new EmitError(`bits(${e.lo}..${e.hi}) is not within 0..63`);
  const free = [...freeVars(e)].sort();
  const fn = cPrivate(f.source, `bits${f.next++}`);
  const fails = mayFail(f.a, e.cond);
  const vars = new Map<string, CVar>();
  const params: string[] = [];
  for (const name of free) {
    const v = s.vars.get(name);
    if (!v) throw new EmitError(`no variable '${name}' in scope`);
    vars.set(name, { code: `p_${sanitize(name)}`, type: v.type });
    params.push(`${C_TYPES[v.type]} p_${sanitize(name)}`);
  }
  vars.set(e.variable, { code: 'i', type: 'int' });
  if (fails) params.push('bool *err');
  const cond = cExpr(f, e.cond, { vars, err: fails ? 'err' : undefined });
  f.helpers.push(
    [
      `static inline uint64_t ${fn}(${params.join(', ') || 'void'}) {`,
      '  uint64_t mask = 0;',
      '  uint64_t i;',
      `  for (i = ${e.lo}; i <= ${e.hi}; i++)`,
      `    if (${cond}) mask |= 1ULL << i;`,
      '  return mask;',
      '}',
      '',
    ].join('\n'),
  );
  const args = free.map((name) => build(f, { op: 'var', name }, s).code);
  if (fails) args.push(needErr(s));
  return atom(`${fn}(${args.join(', ')})`);
}

const isConst = (e: MExpr, v: bigint): boolean => e.op === 'const' && BigInt(e.value) === v;
const edge = (e: MExpr): boolean => isConst(e, 0n) || isConst(e, U64_MASK);

function compare(kind: string, a: Code, b: Code, viaHelper: boolean): Code {
  if (!viaHelper) return compound(`${wrap(a)} ${kind} ${wrap(b)}`);
  if (kind === '<') return atom(`pmumap__lt(${a.code}, ${b.code})`);
  if (kind === '<=') return atom(`pmumap__le(${a.code}, ${b.code})`);
  if (kind === '>') return atom(`pmumap__lt(${b.code}, ${a.code})`);
  return atom(`pmumap__le(${b.code}, ${a.code})`);
}

/** `v` evaluated for its failures only, then `value`. */
function discard(f: CFile, v: MExpr, s: CScope, value: string): Code {
  return atom(mayFail(f.a, v) ? `((void)${wrap(build(f, v, s))}, ${value})` : value);
}

function builtin(f: CFile, e: MExpr & { op: 'call' }, s: CScope): Code {
  const args = e.args.map((x) => build(f, x, s).code);
  const [x = '0', y = '0', z = '0'] = args;
  switch (e.fn) {
    case 'min':
    case 'max':
      if (args.length === 0) throw new EmitError(`${e.fn}() needs an argument`);
      return atom(args.reduce((acc, next) => `pmumap__${e.fn}(${acc}, ${next})`));
    case 'bit':
      return atom(`pmumap__shl(1ULL, ${x})`);
    case 'genmask':
      return atom(`pmumap__genmask(${x}, ${y})`);
    case 'action_at':
      return atom(`pmumap__action_at(${x}, ${y}, ${z})`);
    default:
      return atom(`pmumap__${e.fn}(${x})`);
  }
}

function call(f: CFile, e: MExpr & { op: 'call' }, s: CScope): Code {
  if (isBuiltin(e.fn)) return builtin(f, e, s);
  const fn = f.a.model.functions.find((x) => x.name === e.fn);
  if (!fn) throw new EmitError(`unknown function '${e.fn}'`);
  depend(f, fileOf(fn.origin));
  const args = fn.params.map((_, i) => {
    const arg = e.args[i];
    return arg ? build(f, arg, s).code : '0x0ULL';
  });
  if (mayFail(f.a, fn.body)) args.push(needErr(s));
  return atom(`${cFn(fn.name)}(${args.join(', ')})`);
}

function build(f: CFile, e: MExpr, s: CScope): Code {
  const b = (x: MExpr): Code => build(f, x, s);
  switch (e.op) {
    case 'const':
      return atom(`${hex(e.value)}ULL`);
    case 'bool':
      return atom(String(e.value));
    case 'var': {
      const v = s.vars.get(e.name);
      if (!v) throw new EmitError(`no variable '${e.name}' in scope`);
      s.used?.add(v.code);
      return atom(v.code);
    }
    case 'pmu':
      return atom(cValue(f, { kind: 'pmu', name: e.name }));
    case 'table':
      return atom(cTableRef(f, e.name));
    case 'prop': {
      const info = f.a.prop(e.name);
      if (e.object.op === 'pmu') {
        const v = info.values.get(e.object.name);
        if (v !== undefined) return atom(cValue(f, v));
      }
      return atom(`${propAccessor(f, e.name)}(${b(e.object).code}, ${needErr(s)})`);
    }
    case 'field': {
      const o = b(e.object);
      if (e.lsb >= 64 || e.width < 1)
        return atom(`pmumap__extract(${o.code}, ${e.lsb}, ${e.width})`);
      const shifted = e.lsb === 0 ? o : compound(`${wrap(o)} >> ${e.lsb}`);
      if (e.width + e.lsb >= 64) return shifted;
      return compound(`${wrap(shifted)} & ${hex((1n << BigInt(e.width)) - 1n)}ULL`);
    }
    case 'slice':
      return atom(`pmumap__slice(${b(e.object).code}, ${b(e.hi).code}, ${b(e.lo).code})`);
    case 'bit':
      return atom(`pmumap__bit(${b(e.object).code}, ${b(e.index).code})`);
    case 'lookup':
      return atom(`pmumap__table_get(${b(e.table).code}, ${b(e.key).code}, ${needErr(s)})`);
    case 'call':
      return call(f, e, s);
    case '!':
    case '~':
      return compound(`${e.op}${wrap(b(e.arg))}`);
    case 'bin': {
      const [x, y] = [b(e.a), b(e.b)];
      if (e.kind === '<<' || e.kind === '>>') {
        return atom(`pmumap__${e.kind === '<<' ? 'shl' : 'shr'}(${x.code}, ${y.code})`);
      }
      if (['<', '<=', '>', '>='].includes(e.kind)) {
        return compare(e.kind, x, y, edge(e.a) || edge(e.b));
      }
      return compound(`${wrap(x)} ${e.kind} ${wrap(y)}`);
    }
    case 'cond': {
      // GCC's -Wsign-conversion flags `c ? 0x0ULL : 0x1ULL` stored to a uint64_t
      // (unsigned long long vs unsigned long): constant branches get the exact type.
      const branch = (x: MExpr): string =>
        x.op === 'const' ? `(uint64_t)${b(x).code}` : wrap(b(x));
      return compound(`${wrap(b(e.test))} ? ${branch(e.then)} : ${branch(e.otherwise)}`);
    }
    case 'inSet': {
      if (e.items.length === 0) return discard(f, e.value, s, 'false');
      const v = wrap(b(e.value));
      return compound(e.items.map((i) => `${v} == ${wrap(b(i))}`).join(' || '));
    }
    case 'inRange': {
      const [lo, hi] = [BigInt(e.lo), BigInt(e.hi)];
      const v = wrap(b(e.value));
      const tests = [
        ...(lo > 0n ? [`${v} >= ${hex(lo)}ULL`] : []),
        ...(hi < U64_MASK ? [`${v} <= ${hex(hi)}ULL`] : []),
      ];
      return tests.length === 0 ? discard(f, e.value, s, 'true') : compound(tests.join(' && '));
    }
    case 'inTable':
      return atom(`pmumap__table_has(${b(e.table).code}, ${b(e.value).code})`);
    case 'ranges': {
      if (e.items.length === 0) return atom('pmumap__ranges_of(NULL, 0)');
      const rows = e.items.map((i) => {
        if (i.action.op !== 'const') throw new EmitError('a ranges literal needs constant actions');
        return `{${hex(i.action.value)}ULL, ${hex(i.lo)}ULL, ${hex(i.hi)}ULL}`;
      });
      const arr = cPrivate(f.source, `ranges${f.next++}`);
      f.helpers.push(`static const struct pmumap_range ${arr}[] = {${rows.join(', ')}};\n`);
      return atom(`pmumap__ranges_of(${arr}, ${rows.length})`);
    }
    case 'bits':
      return bitsHelper(f, e, s);
    case 'register':
    case 'feature':
      throw new EmitError(
        `${e.op} '${e.name}' is only meaningful in a gate, not in generated code`,
      );
  }
}

/** The C expression for `e` in scope `s` (outermost parentheses left off). */
export function cExpr(f: CFile, e: MExpr, s: CScope): string {
  return build(f, e, s).code;
}

/** The native type of `e` in scope `s`. */
export function cTypeOf(f: CFile, e: MExpr, s: CScope): NType {
  return typeOf(f.a, e, (name) => s.vars.get(name)?.type);
}
