/**
 * Consumers compiled to JavaScript: each consumer's decision list becomes
 * one function (built once per tables with `new Function`), as the C and
 * Rust targets compile it to code. The function returns exactly the
 * interpreter's RunResult without the trace: same outcome, outputs, lets
 * and warnings, the same EvalError where the interpreter throws one (a
 * missing input, a key not in a table). Values stay the interpreter's:
 * integers are bigints wrapped to 64 bits with BigInt.asUintN, shifts by 64
 * or more give 0, and every helper with edge cases (prefix(), genmask(),
 * fls(), ranges) is the interpreter's own function from values.ts.
 * Subexpressions with no variable in them are evaluated here, once, by the
 * interpreter itself, and become constants.
 *
 * The explain/trace path stays interpreted (run.ts); test/runtime and
 * test/native hold the two, C and Rust to the same answers.
 */
import type { MConsumer, MExpr, MInterface, MOutcome } from '../model/model.ts';
import { evaluate } from './evaluate.ts';
import type { RunResult } from './run-result.ts';
import type { Tables } from './tables.ts';
import { findConsumer } from './tables.ts';
import type { Ranges, Value } from './values.ts';
import {
  actionAt,
  contiguous,
  EvalError,
  fls,
  formatValue,
  genmask,
  popcount,
  prefixMask,
  sameValue,
  shiftLeft,
  U64_MASK,
  u64,
} from './values.ts';

export type CompiledConsumer = (inputs: Readonly<Record<string, Value>>) => RunResult;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const NO_TRACE: readonly never[] = Object.freeze([]);
const NO_RANGES: Ranges = Object.freeze({ kind: 'ranges', items: Object.freeze([]) });

/** How run.ts's interpolate spells 0..4095 in a message: precomputed, messages are built often. */
const SMALL_PLACES = Array.from({ length: 4096 }, (_, i) =>
  i < 10 ? String(i) : formatValue(BigInt(i)),
);

/** The helpers generated code calls: the interpreter's semantics, one definition each. */
function helpers(t: Tables) {
  const named = new Map<string, { name: string; map: ReadonlyMap<bigint, bigint> }>();
  return {
    EvalError,
    formatValue,
    popcount,
    contiguous,
    fls,
    prefixMask,
    genmask,
    actionAt,
    shiftLeft,
    sameValue,
    U64_MASK,
    NO_TRACE,
    NO_WARNINGS: NO_TRACE,
    /** No lets or outputs yet: one frozen empty record. */
    NOTHING: Object.freeze({}),
    NO_RANGES,
    /** A variable read before anything bound it. */
    missing(name: string): never {
      throw new EvalError(`no value for '${name}'`);
    },
    /** `inputs[name]` as the interpreter's `for (key in inputs)` sees it (no Object.prototype names). */
    own(inputs: Readonly<Record<string, Value>>, name: string): Value | undefined {
      return Object.hasOwn(inputs, name) ? inputs[name] : undefined;
    },
    /** A message placeholder as run.ts's interpolate spells it (0..4095 precomputed). */
    place(v: Value): string {
      if (typeof v === 'bigint') {
        if (v >= 0n && v < 4096n) return SMALL_PLACES[Number(v)]!;
        if (v < 10n) return String(v);
      }
      return formatValue(v);
    },
    look(map: ReadonlyMap<bigint, bigint>, name: string, key: bigint): bigint {
      const v = map.get(key);
      if (v === undefined) throw new EvalError(`key ${formatValue(key)} is not in table '${name}'`);
      return v;
    },
    tableOf(v: Value): { name: string; map: ReadonlyMap<bigint, bigint> } {
      if (typeof v === 'object' && v.kind === 'table') {
        let known = named.get(v.name);
        const map = known ? undefined : t.tables.get(v.name);
        if (map) named.set(v.name, (known = { name: v.name, map }));
        if (known) return known;
      }
      throw new EvalError(`expected a table, found ${formatValue(v)}`);
    },
    /** A pmu property through a pmu-valued expression: the interpreter's value, computed once per pmu. */
    prop(values: Map<string, Value>, o: Value, name: string): Value {
      if (typeof o !== 'object' || o.kind !== 'pmu')
        throw new EvalError(`expected a pmu before .${name}, found ${formatValue(o)}`);
      let v = values.get(o.name);
      if (v === undefined) {
        v = evaluate(t, { op: 'prop', object: { op: 'pmu', name: o.name }, name });
        values.set(o.name, v);
      }
      return v;
    },
    propSite(
      site: { n: string | undefined; v: Value | undefined; all: Record<string, Value> },
      o: Value,
      name: string,
    ): Value {
      const v = typeof o === 'object' && o.kind === 'pmu' ? site.all[o.name] : undefined;
      if (v === undefined) return this.prop(new Map(), o, name);
      site.n = (o as { name: string }).name;
      site.v = v;
      return v;
    },
    attr(v: Value, name: string): bigint | boolean {
      if (typeof v === 'object') throw new EvalError(`perf attribute ${name} is not a value`);
      return v;
    },
    rangeEnd(r: Ranges): bigint {
      if (r.items.length === 0) return 0n;
      return r.items.reduce((end, item) => (u64(item.hi + 1n) > end ? u64(item.hi + 1n) : end), 0n);
    },
    shr(v: bigint, n: bigint): bigint {
      return n >= 64n ? 0n : v >> n;
    },
    /** Bit `i` of `v`: extract(v, i, 1) without building the one-bit mask. */
    bitAt(v: bigint, i: bigint): bigint {
      return i >= 64n ? 0n : (v >> i) & 1n;
    },
    extract(v: bigint, lsb: bigint, width: bigint): bigint {
      if (lsb >= 64n || width <= 0n) return 0n;
      return (v >> lsb) & prefixMask(width);
    },
  };
}

type Helpers = ReturnType<typeof helpers>;

/** True when `e` reads no variable, register or feature: its value is a constant. */
function closed(e: MExpr, bound: ReadonlySet<string> = new Set()): boolean {
  switch (e.op) {
    case 'var':
      return bound.has(e.name);
    case 'register':
    case 'feature':
      return false;
    case 'bits':
      return closed(e.cond, new Set([...bound, e.variable]));
    case 'call':
      return e.args.every((a) => closed(a, bound));
    case 'prop':
    case 'field':
      return closed(e.object, bound);
    case 'slice':
      return [e.object, e.hi, e.lo].every((x) => closed(x, bound));
    case 'bit':
      return closed(e.object, bound) && closed(e.index, bound);
    case 'lookup':
      return closed(e.table, bound) && closed(e.key, bound);
    case '!':
    case '~':
      return closed(e.arg, bound);
    case 'bin':
      return closed(e.a, bound) && closed(e.b, bound);
    case 'cond':
      return [e.test, e.then, e.otherwise].every((x) => closed(x, bound));
    case 'inSet':
      return [e.value, ...e.items].every((x) => closed(x, bound));
    case 'inRange':
      return closed(e.value, bound);
    case 'inTable':
      return closed(e.value, bound) && closed(e.table, bound);
    case 'ranges':
      return e.items.every((i) => closed(i.action, bound));
    default:
      return true;
  }
}

/**
 * True when `e` is surely an integer or a boolean (never a pmu, table or
 * ranges object): then `==` is JavaScript's === (sameValue differs from it
 * only when both sides are objects) and a perf attribute needs no check.
 */
function scalar(e: MExpr): boolean {
  switch (e.op) {
    case 'var':
    case 'prop':
    case 'pmu':
    case 'table':
    case 'ranges':
    case 'register':
    case 'feature':
      return false;
    case 'call':
      return BUILTIN_NAMES.has(e.fn);
    case 'cond':
      return scalar(e.then) && scalar(e.otherwise);
    default:
      return true;
  }
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

const BUILTIN_NAMES = new Set([
  ...['min', 'max', 'popcount', 'contiguous', 'prefix', 'fls', 'bit', 'genmask'],
  ...['count', 'first_action', 'action_at', 'range_end'],
]);

/** Property `name` of every pmu that has it (a prototype-free record by pmu name). */
function propValues(t: Tables, name: string): Record<string, Value> {
  const values: Record<string, Value> = Object.create(null) as Record<string, Value>;
  for (const pmu of t.model.pmus) {
    try {
      values[pmu.name] = evaluate(t, { op: 'prop', object: { op: 'pmu', name: pmu.name }, name });
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
    }
  }
  return values;
}

/** A construct this compiler leaves to the interpreter (gates' registers and features). */
class NotCompiled extends Error {}

/** JavaScript source for one consumer; constants travel in `K`, helpers in `H`. */
class Generator {
  readonly constants: unknown[] = [];
  /** Names read where no step may have bound them yet: they start as the caller's input. */
  readonly unbound = new Set<string>();
  readonly #constIndex = new Map<unknown, number>();
  readonly functions: string[] = [];
  readonly #functionIds = new Map<string, string>();
  #temps = 0;
  #tempNames: string[] = [];
  /** The innermost bits() loop being generated: its variable and the indices it takes (counter `k`). */
  #loop: { variable: string; bound: ReadonlySet<string>; span: readonly number[] } | undefined;
  /** An expression perIndex gave up on, to be generated as it is. */
  #asIs: MExpr | undefined;

  readonly t: Tables;
  /** The temporary a perf attribute's value is checked in (attributes are evaluated one by one). */
  attrTemp = 'ta';

  constructor(t: Tables) {
    this.t = t;
  }

  constant(v: unknown): string {
    let i = this.#constIndex.get(v);
    if (i === undefined) {
      i = this.constants.length;
      this.constants.push(v);
      this.#constIndex.set(v, i);
    }
    return `k${i}`;
  }

  temp(): string {
    const name = `t${this.#temps++}`;
    this.#tempNames.push(name);
    return name;
  }

  /** Temporaries declared by the function being generated; resets the list. */
  takeTemps(): string[] {
    const names = this.#tempNames;
    this.#tempNames = [];
    return names;
  }

  literal(v: Value): string {
    if (typeof v === 'bigint') return `0x${v.toString(16)}n`;
    if (typeof v === 'boolean') return String(v);
    return this.constant(v);
  }

  expr(e: MExpr, scope: ReadonlyMap<string, string>, checked: ReadonlySet<string>): string {
    if (e.op !== 'const' && e.op !== 'bool' && closed(e)) {
      try {
        return this.literal(evaluate(this.t, e));
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        // It fails whenever it runs: generate the code, which throws the same error there.
      }
    }
    const perIndex = this.perIndex(e, scope, checked);
    if (perIndex !== undefined) return perIndex;
    const x = (s: MExpr): string => this.expr(s, scope, checked);
    switch (e.op) {
      case 'const':
        return `0x${BigInt(e.value).toString(16)}n`;
      case 'bool':
        return String(e.value);
      case 'var': {
        const id = scope.get(e.name);
        if (id === undefined) throw new NotCompiled(`no variable ${e.name}`);
        if (checked.has(e.name)) return id;
        this.unbound.add(e.name);
        return `(${id} === undefined ? H.missing(${q(e.name)}) : ${id})`;
      }
      case 'register':
      case 'feature':
        throw new NotCompiled(`${e.op} ${e.name}`);
      case 'pmu':
      case 'table':
        return this.constant({ kind: e.op, name: e.name });
      case 'prop': {
        // Properties are constants: each site remembers the last pmu's value (callers ask
        // about one pmu many times); another pmu is looked up in every pmu's values, and a
        // pmu without the property, or no pmu, goes to H.prop for the interpreter's error.
        const site = this.constant({ n: undefined, v: undefined, all: propValues(this.t, e.name) });
        const o = this.temp();
        return `((${o} = ${x(e.object)}).kind === 'pmu' && ${o}.name === ${site}.n ? ${site}.v : H.propSite(${site}, ${o}, ${q(e.name)}))`;
      }
      case 'field': {
        if (e.lsb >= 64 || e.width <= 0) return `(${x(e.object)}, 0n)`;
        return `(${shifted(x(e.object), e.lsb)} & ${this.literal(prefixMask(BigInt(e.width)))})`;
      }
      case 'slice': {
        if (e.hi.op === 'const' && e.lo.op === 'const') {
          const [hi, lo] = [BigInt(e.hi.value), BigInt(e.lo.value)];
          if (hi < lo) return '0n';
          if (lo >= 64n) return `(${x(e.object)}, 0n)`;
          return `(${shifted(x(e.object), lo)} & ${this.literal(prefixMask(hi - lo + 1n))})`;
        }
        const [h, l] = [this.temp(), this.temp()];
        return `(${h} = ${x(e.hi)}, ${l} = ${x(e.lo)}, ${h} < ${l} ? 0n : H.extract(${x(e.object)}, ${l}, ${h} - ${l} + 1n))`;
      }
      case 'bit': {
        if (e.index.op === 'const') {
          const index = BigInt(e.index.value);
          return index >= 64n ? `(${x(e.object)}, 0n)` : `(${shifted(x(e.object), index)} & 1n)`;
        }
        return `H.bitAt(${x(e.object)}, ${x(e.index)})`;
      }
      case 'lookup': {
        const key = x(e.key);
        if (e.table.op === 'table') {
          const map = this.t.tables.get(e.table.name);
          if (map) return `H.look(${this.constant(map)}, ${q(e.table.name)}, ${key})`;
        }
        const [k, tv] = [this.temp(), this.temp()];
        return `(${k} = ${key}, ${tv} = H.tableOf(${x(e.table)}), H.look(${tv}.map, ${tv}.name, ${k}))`;
      }
      case 'call':
        return this.call(e, scope, checked);
      case '!':
        return `!${x(e.arg)}`;
      case '~':
        return `(${x(e.arg)} ^ 0xffffffffffffffffn)`;
      case 'bin':
        return this.binary(e.kind, e.a, e.b, scope, checked);
      case 'cond':
        return (
          this.lookupOr(e, scope, checked) ?? `(${x(e.test)} ? ${x(e.then)} : ${x(e.otherwise)})`
        );
      case 'inSet': {
        const v = this.temp();
        const items = e.items.map((i) => this.equal(v, x(i), scalar(e.value) || scalar(i)));
        return `(${v} = ${x(e.value)}, ${items.length ? items.join(' || ') : 'false'})`;
      }
      case 'inRange': {
        const v = this.temp();
        return `(${v} = ${x(e.value)}, ${v} >= ${BigInt(e.lo)}n && ${v} <= ${BigInt(e.hi)}n)`;
      }
      case 'inTable': {
        const key = x(e.value);
        if (e.table.op === 'table') {
          const map = this.t.tables.get(e.table.name);
          if (map) return `${this.constant(map)}.has(${key})`;
        }
        const k = this.temp();
        return `(${k} = ${key}, H.tableOf(${x(e.table)}).map.has(${k}))`;
      }
      case 'ranges': {
        const items = e.items.map(
          (i) => `{ action: ${x(i.action)}, lo: ${BigInt(i.lo)}n, hi: ${BigInt(i.hi)}n }`,
        );
        return `{ kind: 'ranges', items: [${items.join(', ')}] }`;
      }
      case 'bits': {
        const index = `b${this.#temps++}`;
        const inner = new Map(scope).set(e.variable, index);
        const span = Array.from({ length: Math.max(0, e.hi - e.lo + 1) }, (_, k) => e.lo + k);
        const outer = this.#loop;
        this.#loop = { variable: e.variable, bound: new Set([e.variable]), span };
        const cond = this.expr(e.cond, inner, new Set([...checked, e.variable]));
        this.#loop = outer;
        // Each index and its bit as bigint constants, made once here rather than on every call.
        const indices = this.constant(span.map((i) => BigInt(i)));
        if (e.lo >= 0 && e.hi < 32) {
          // The mask fits in 32 bits: gathered as a number, one BigInt at the end.
          return `((() => { let m = 0; for (let k = 0; k < ${span.length}; k++) { const ${index} = ${indices}[k]; if (${cond}) m |= ${2 ** e.lo} << k; } return BigInt(m >>> 0); })())`;
        }
        const bits = this.constant(span.map((i) => 1n << BigInt(i)));
        return `((() => { let m = 0n; for (let k = 0; k < ${span.length}; k++) { const ${index} = ${indices}[k]; if (${cond}) m |= ${bits}[k]; } return m; })())`;
      }
    }
  }

  /**
   * Inside a bits() loop, an expression that reads no variable but the
   * loop's (`i in T`, `T[i]`, `x + i` with constants) is evaluated here, by
   * the interpreter, for every index: the loop reads it from a constant
   * array. An index where it fails keeps the generated code, which fails
   * there as the interpreter does.
   */
  perIndex(
    e: MExpr,
    scope: ReadonlyMap<string, string>,
    checked: ReadonlySet<string>,
  ): string | undefined {
    const loop = this.#loop;
    if (e === this.#asIs) {
      this.#asIs = undefined;
      return undefined;
    }
    if (!loop || e.op === 'const' || e.op === 'bool' || e.op === 'var') return undefined;
    if (!closed(e, loop.bound)) return undefined;
    const values = loop.span.map((i) => {
      try {
        return evaluate(this.t, e, { vars: new Map([[loop.variable, BigInt(i)]]) });
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        return undefined;
      }
    });
    if (values.every((v) => v === undefined)) return undefined;
    const table = this.constant(values);
    if (values.every((v) => v !== undefined)) return `${table}[k]`;
    const v = this.temp();
    this.#asIs = e;
    return `((${v} = ${table}[k]) !== undefined ? ${v} : ${this.expr(e, scope, checked)})`;
  }

  /**
   * `key in T ? T[key] : other` (the tables' idiom for a lookup with a
   * default) as one Map.get: the key and the table are evaluated once, in
   * the interpreter's order (key, then table), and a table's values are
   * never undefined. Undefined when `e` is another conditional.
   */
  lookupOr(
    e: Extract<MExpr, { op: 'cond' }>,
    scope: ReadonlyMap<string, string>,
    checked: ReadonlySet<string>,
  ): string | undefined {
    const { test, then } = e;
    if (test.op !== 'inTable' || then.op !== 'lookup') return undefined;
    const same = (a: MExpr, b: MExpr): boolean => JSON.stringify(a) === JSON.stringify(b);
    if (!same(test.value, then.key) || !same(test.table, then.table)) return undefined;
    const x = (s: MExpr): string => this.expr(s, scope, checked);
    const key = x(test.value);
    const v = this.temp();
    const map = test.table.op === 'table' ? this.t.tables.get(test.table.name) : undefined;
    if (map)
      return `((${v} = ${this.constant(map)}.get(${key})) !== undefined ? ${v} : ${x(e.otherwise)})`;
    const [k, tv] = [this.temp(), this.temp()];
    return `(${k} = ${key}, ${tv} = H.tableOf(${x(test.table)}), (${v} = ${tv}.map.get(${k})) !== undefined ? ${v} : ${x(e.otherwise)})`;
  }

  /** `e` as a JavaScript number, when it surely is a count() or a constant below 2^32. */
  smallNumber(
    e: MExpr,
    scope: ReadonlyMap<string, string>,
    checked: ReadonlySet<string>,
  ): string | undefined {
    if (e.op === 'const') {
      const v = BigInt(e.value);
      return v < 1n << 32n ? String(v) : undefined;
    }
    if (e.op === 'call' && e.fn === 'count' && e.args.length === 1)
      return `${this.expr(e.args[0]!, scope, checked)}.items.length`;
    return undefined;
  }

  /** `a == b` where `a` is a temporary: === when a side is surely no object, else the interpreter's sameValue. */
  equal(a: string, b: string, eitherScalar: boolean): string {
    if (eitherScalar) return `${a} === ${b}`;
    return `(typeof ${a} === 'object' ? H.sameValue(${a}, ${b}) : ${a} === ${b})`;
  }

  binary(
    kind: string,
    ea: MExpr,
    eb: MExpr,
    scope: ReadonlyMap<string, string>,
    checked: ReadonlySet<string>,
  ): string {
    if (COMPARISONS.has(kind)) {
      // count() is born a number (a list's length): compared with a constant, it stays one.
      const [na, nb] = [this.smallNumber(ea, scope, checked), this.smallNumber(eb, scope, checked)];
      if (na !== undefined && nb !== undefined && (ea.op !== 'const' || eb.op !== 'const'))
        return `(${na} ${kind === '==' ? '===' : kind === '!=' ? '!==' : kind} ${nb})`;
    }
    const a = this.expr(ea, scope, checked);
    const b = this.expr(eb, scope, checked);
    switch (kind) {
      case '&&':
      case '||':
        return `(${a} ${kind} ${b})`;
      case '==':
      case '!=': {
        if (scalar(ea) || scalar(eb)) return `(${a} ${kind === '==' ? '===' : '!=='} ${b})`;
        const ta = this.temp();
        const same = `(${ta} = ${a}, ${this.equal(ta, b, false)})`;
        return kind === '==' ? same : `!${same}`;
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '|':
      case '^':
      case '&':
        return `(${a} ${kind} ${b})`;
      case '+':
      case '-':
        return `BigInt.asUintN(64, ${a} ${kind} ${b})`;
      case '<<': {
        if (eb.op === 'const' && BigInt(eb.value) < 64n)
          return `BigInt.asUintN(64, ${a} << ${BigInt(eb.value)}n)`;
        return `H.shiftLeft(${a}, ${b})`;
      }
      case '>>': {
        if (eb.op === 'const' && BigInt(eb.value) < 64n) return `(${a} >> ${BigInt(eb.value)}n)`;
        return `H.shr(${a}, ${b})`;
      }
    }
    throw new NotCompiled(`operator ${kind}`);
  }

  call(
    e: Extract<MExpr, { op: 'call' }>,
    scope: ReadonlyMap<string, string>,
    checked: ReadonlySet<string>,
  ): string {
    const args = e.args.map((a) => this.expr(a, scope, checked));
    const [a0 = '0n', a1 = '0n', a2 = '0n'] = args;
    switch (e.fn) {
      case 'min':
      case 'max': {
        if (args.length === 0) throw new NotCompiled(`${e.fn}() of nothing`);
        const op = e.fn === 'min' ? '<' : '>';
        return args.reduce((acc, arg) => {
          const [x, y] = [this.temp(), this.temp()];
          return `(${x} = ${acc}, ${y} = ${arg}, ${y} ${op} ${x} ? ${y} : ${x})`;
        });
      }
      case 'popcount':
      case 'contiguous':
      case 'fls':
        return `H.${e.fn}(${a0})`;
      case 'prefix':
        return `H.prefixMask(${a0})`;
      case 'bit':
        return `H.shiftLeft(1n, ${a0})`;
      case 'genmask':
        return `H.genmask(${a0}, ${a1})`;
      case 'count':
        return `BigInt(${a0}.items.length)`;
      case 'first_action':
        return `(${a0}.items[0]?.action ?? 0n)`;
      case 'action_at':
        return `H.actionAt(${a0}, ${a1}, ${a2})`;
      case 'range_end': {
        const r = this.temp();
        return `((${r} = ${a0}).items.length === 0 ? 0n : H.rangeEnd(${r}))`;
      }
    }
    const fn = this.t.functions.get(e.fn);
    if (!fn) throw new NotCompiled(`function ${e.fn}`);
    const id = this.#function(e.fn);
    const given = fn.params.map((_, i) => args[i] ?? '0n');
    return `${id}(${given.join(', ')})`;
  }

  /** A table function as a JavaScript function of its parameters (only they are in scope). */
  #function(name: string): string {
    const known = this.#functionIds.get(name);
    if (known) return known;
    const fn = this.t.functions.get(name)!;
    const id = `f${this.#functionIds.size}`;
    this.#functionIds.set(name, id);
    const outerTemps = this.takeTemps();
    const outerLoop = this.#loop;
    this.#loop = undefined;
    const params = fn.params.map((_, i) => `p${i}`);
    const scope = new Map(fn.params.map((p, i) => [p.name, `p${i}`]));
    const body = this.expr(fn.body, scope, new Set(fn.params.map((p) => p.name)));
    const temps = this.takeTemps();
    this.#tempNames = outerTemps;
    this.#loop = outerLoop;
    this.functions.push(
      `function ${id}(${params.join(', ')}) {${temps.length ? ` let ${temps.join(', ')};` : ''} return ${body}; }`,
    );
    return id;
  }
}

const q = (s: string): string => JSON.stringify(s);

/** `code >> by` for a constant `by` below 64 (a shift by 0 is left out). */
const shifted = (code: string, by: number | bigint): string =>
  BigInt(by) === 0n ? code : `(${code} >> ${by}n)`;

/** The JavaScript of one message: placeholders filled as run.ts's interpolate fills them. */
function message(
  g: Generator,
  text: string,
  scope: ReadonlyMap<string, string>,
  checked: ReadonlySet<string>,
): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(q(text.slice(last, m.index)));
    const name = m[1]!;
    const id = scope.get(name)!;
    if (checked.has(name)) parts.push(`H.place(${id})`);
    else {
      g.unbound.add(name);
      parts.push(`(${id} === undefined ? ${q(m[0])} : H.place(${id}))`);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push(q(text.slice(last)));
  return parts.join(' + ');
}

function genericNames(t: Tables, target: string, type: string): Map<bigint, string> {
  const ids = t.model.targets
    .find((x) => x.name === target)
    ?.types.find((x) => x.name === type)?.ids;
  const names = new Map<bigint, string>();
  // The first member with the value names it, as run.ts's genericName finds it.
  for (const m of ids ?? []) {
    const id = BigInt(m.value);
    if (!names.has(id)) names.set(id, `${target}.${type}.${m.name}`);
  }
  return names;
}

function outcome(
  g: Generator,
  o: MOutcome,
  origin: string,
  scope: ReadonlyMap<string, string>,
  checked: ReadonlySet<string>,
): string {
  const at = q(origin);
  const attrs = (list: readonly { readonly name: string; readonly value: MExpr }[]): string[] =>
    list.map((a) =>
      scalar(a.value)
        ? `${q(a.name)}: ${g.expr(a.value, scope, checked)}`
        : `${q(a.name)}: (typeof (${g.attrTemp} = ${g.expr(a.value, scope, checked)}) === 'object' ? H.attr(${g.attrTemp}, ${q(a.name)}) : ${g.attrTemp})`,
    );
  switch (o.kind) {
    case 'refuse':
      return `{ kind: 'refused', code: ${q(o.code)}, message: ${message(g, o.message, scope, checked)}, origin: ${at} }`;
    case 'software':
      return o.code
        ? `{ kind: 'software', code: ${q(o.code)}, message: ${message(g, o.message, scope, checked)}, origin: ${at} }`
        : `{ kind: 'software', message: ${message(g, o.message, scope, checked)}, origin: ${at} }`;
    case 'direct':
      return `{ kind: 'direct', message: ${message(g, o.message, scope, checked)}, origin: ${at} }`;
    case 'perf':
      return `{ kind: 'perf', attr: { ${attrs(o.attrs).join(', ')} }, origin: ${at} }`;
    case 'generic': {
      const id = g.temp();
      const names = g.constant(genericNames(g.t, o.target, o.type));
      const fallback = `${q(`${o.target}.${o.type}.`)} + H.formatValue(${id})`;
      return `(${id} = ${g.expr(o.event, scope, checked)}, typeof ${id} !== 'bigint' ? H.generic() : { kind: 'perf', attr: { type: ${BigInt(o.typeValue)}n, config: ${id}, ${attrs(o.attrs).join(', ')} }, event: ${names}.get(${id}) ?? ${fallback}, origin: ${at} })`;
    }
  }
}

/** Every name a consumer may read or bind: its interface's inputs, its steps' names, free variables, placeholders. */
function namesOf(consumer: MConsumer, iface: MInterface | undefined): string[] {
  const names = new Set<string>((iface?.inputs ?? []).map((i) => i.name));
  const visit = (e: MExpr): void => {
    if (e.op === 'var') names.add(e.name);
    for (const c of childrenOf(e)) visit(c);
  };
  const texts: string[] = [];
  const visitOutcome = (o: MOutcome): void => {
    if (o.kind === 'perf' || o.kind === 'generic') for (const a of o.attrs) visit(a.value);
    if (o.kind === 'generic') visit(o.event);
    if ('message' in o) texts.push(o.message);
  };
  for (const i of iface?.inputs ?? []) if (i.default) visit(i.default);
  for (const s of consumer.steps) {
    if (s.kind === 'let' || s.kind === 'output') {
      names.add(s.name);
      visit(s.value);
    } else if (s.kind === 'when' || s.kind === 'warn') visit(s.condition);
    if (s.kind === 'warn') texts.push(s.message);
    if (s.kind === 'when' || s.kind === 'final') visitOutcome(s.outcome);
  }
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]!);
  return [...names];
}

function childrenOf(e: MExpr): MExpr[] {
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

/** Names that are also Object.prototype's: read from inputs only when they are its own. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The JavaScript source of `consumer`'s function, and the constants it refers to. */
export function consumerSource(
  t: Tables,
  consumer: MConsumer,
): { source: string; constants: unknown[] } {
  const iface = t.interfaces.get(consumer.implements);
  const g = new Generator(t);
  const names = namesOf(consumer, iface);
  const scope = new Map(names.map((n, i) => [n, `v${i}`]));
  const lines: string[] = [];
  const checked = new Set<string>();
  for (const input of iface?.inputs ?? []) {
    const id = scope.get(input.name)!;
    if (input.default)
      lines.push(`if (${id} === undefined) ${id} = ${g.expr(input.default, scope, checked)};`);
    else if (input.type === 'ranges' || input.type.startsWith('ranges<'))
      lines.push(`if (${id} === undefined) ${id} = H.NO_RANGES;`);
    else continue;
    checked.add(input.name);
  }
  // Lets and outputs are object literals at each return (the names bound so far, in step
  // order): no properties added one by one. Each keeps its own local, since a let and an
  // output may share a name and the result keeps both values.
  const warns = consumer.steps.some((s) => s.kind === 'warn');
  if (warns) lines.push('const warnings = [];');
  const bound = { let: new Map<string, string>(), output: new Map<string, string>() };
  const extra: string[] = [];
  const record = (m: ReadonlyMap<string, string>): string =>
    m.size === 0
      ? 'H.NOTHING'
      : `{ ${[...m].map(([name, id]) => `${q(name)}: ${id}`).join(', ')} }`;
  const result = (o?: string): string =>
    `return { consumer: ${q(consumer.name)}, ${o === undefined ? '' : `outcome: ${o}, `}outputs: ${record(bound.output)}, vars: ${record(bound.let)}, trace: H.NO_TRACE, warnings: ${warns ? 'warnings' : 'H.NO_WARNINGS'} };`;
  for (const s of consumer.steps) {
    switch (s.kind) {
      case 'let':
      case 'output': {
        const id = scope.get(s.name)!;
        const kept = bound[s.kind];
        let own = kept.get(s.name);
        if (own === undefined) {
          own = `${s.kind === 'let' ? 'l' : 'o'}${extra.length}`;
          extra.push(own);
          kept.set(s.name, own);
        }
        lines.push(`${own} = ${id} = ${g.expr(s.value, scope, checked)};`);
        checked.add(s.name);
        break;
      }
      case 'warn':
        lines.push(
          `if (${g.expr(s.condition, scope, checked)} === true) warnings.push({ message: ${message(g, s.message, scope, checked)}, origin: ${q(s.origin)} });`,
        );
        break;
      case 'when':
        lines.push(
          `if (${g.expr(s.condition, scope, checked)} === true) ${result(outcome(g, s.outcome, s.origin, scope, checked))}`,
        );
        break;
      case 'final':
        lines.push(result(outcome(g, s.outcome, s.origin, scope, checked)));
        break;
    }
  }
  if (consumer.steps.at(-1)?.kind !== 'final') lines.push(result());
  // A name starts as the caller's input of that name (the interpreter's vars map) when it
  // is an input of the interface or read where no step has bound it yet.
  const inputIds = [...scope].filter(
    ([name]) => iface?.inputs.some((i) => i.name === name) || g.unbound.has(name),
  );
  const reads = inputIds.map(([name, id]) =>
    INHERITED.has(name) ? `${id} = H.own(inputs, ${q(name)});` : `${id} = inputs[${q(name)}];`,
  );
  lines.unshift(...reads);
  const temps = g.takeTemps();
  const locals = [...scope.values(), ...extra, ...temps, g.attrTemp];
  const source = [
    '"use strict";',
    // Each constant a local of the closure: one load where K[i] would be two.
    ...(g.constants.length
      ? [`const ${g.constants.map((_, i) => `k${i} = K[${i}]`).join(', ')};`]
      : []),
    ...g.functions,
    `return function consumer(inputs) {`,
    `  let ${locals.join(', ')};`,
    ...lines.map((l) => `  ${l}`),
    '};',
  ].join('\n');
  return { source, constants: g.constants };
}

/** Per tables: interface ('' when not given) -> consumer name -> its function (null: not compiled). */
const compiled = new WeakMap<Tables, Map<string, Map<string, CompiledConsumer | null>>>();

/**
 * The compiled function of consumer `name` (of interface `iface`, when
 * given), built once per tables; undefined when no such consumer exists or
 * it uses something only the interpreter evaluates.
 */
export function compiledConsumer(
  t: Tables,
  name: string,
  iface?: string,
): CompiledConsumer | undefined {
  let perTables = compiled.get(t);
  if (!perTables) {
    perTables = new Map();
    compiled.set(t, perTables);
  }
  let perInterface = perTables.get(iface ?? '');
  if (!perInterface) {
    perInterface = new Map();
    perTables.set(iface ?? '', perInterface);
  }
  let fn = perInterface.get(name);
  if (fn === undefined) {
    const consumer = findConsumer(t, name, iface);
    fn = consumer ? build(t, consumer) : null;
    perInterface.set(name, fn);
  }
  return fn ?? undefined;
}

function build(t: Tables, consumer: MConsumer): CompiledConsumer | null {
  let made: { source: string; constants: unknown[] };
  try {
    made = consumerSource(t, consumer);
  } catch (e) {
    if (e instanceof NotCompiled) return null;
    throw e;
  }
  const h: Helpers & { generic(): never } = {
    ...helpers(t),
    generic(): never {
      throw new EvalError('generic event is not an id');
    },
  };
  let make: (h: unknown, k: unknown[]) => CompiledConsumer;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point of this module
    make = new Function('H', 'K', made.source) as typeof make;
  } catch {
    // Code generation from strings is off (node --disallow-code-generation-from-strings, a
    // CSP): the interpreter answers, with the same result.
    return null;
  }
  return make(h, made.constants);
}
