/**
 * Protocols (issue 20) in C and Rust: per protocol the state (VM fields and
 * an array of vCPUs), the host records, the calls and their arguments, an
 * init function and the errnos; per machine a step function over the state,
 * `pmumap_proto_<p>_<m>_step` (C) / `proto_<p>_<m>_step` (Rust), returning
 * the result (0 or -errno) and the index of the deciding step, as
 * src/runtime/protocol-step.ts does. Expressions are pure, so C computes
 * the parts that need statements (any_other loops, host lookups, set
 * membership) before the test that uses them.
 */
import type {
  MMachine,
  MProtocol,
  Model,
  PCall,
  PExpr,
  PStateVar,
  PStep,
  PType,
} from '../model/model.ts';
import { EmitError } from './native-model.ts';
import { cMember, rustConst } from './native-names.ts';

const KEYWORDS = new Set(
  (
    'as break const continue crate else enum extern false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type unsafe use where while async await dyn abstract become box do final macro override priv typeof unsized virtual yield try ' +
    'auto case char default double float goto inline int long register restrict short signed sizeof switch typedef union unsigned void volatile bool class new delete this template typename namespace operator private public protected friend catch throw explicit mutable using export and or not xor'
  ).split(' '),
);

const field = (name: string): string => (KEYWORDS.has(name) ? `${name}_` : name);
const snake = (name: string): string => name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
const camel = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
const upper = (name: string): string => snake(name).toUpperCase();
const fileOf = (origin: string): string => origin.replace(/:\d+$/, '');

const isBool = (t: PType): boolean => t.kind === 'bool' || t.kind === 'flag';
const widthOf = (t: PType): number => (t.kind === 'int' || t.kind === 'enum' ? t.width : 64);
const maskText = (w: number): string => `0x${((1n << BigInt(w)) - 1n).toString(16)}`;

/** The largest number of vCPUs the state holds. */
export const PROTOCOL_MAX_VCPUS = 16;

const argName = (call: PCall, param: string): string =>
  `${snake(call.subject)}_${snake(call.verb)}_${snake(param)}`;
const callVariant = (call: PCall): string => `${camel(call.subject)}${camel(call.verb)}`;

/** The steps a call runs, in order, stopping after its first unconditional rule. */
function stepsOf(m: MMachine, call: PCall): { step: PStep; index: number }[] {
  const out: { step: PStep; index: number }[] = [];
  for (let i = 0; i < m.steps.length; i++) {
    const s = m.steps[i]!;
    if (s.call !== undefined && s.call !== call.name) continue;
    out.push({ step: s, index: i });
    if (s.kind === 'rule' && !s.condition) break;
  }
  return out;
}

/** What an expression printer needs: the names in scope, and where hoisted statements go. */
interface Ctx {
  readonly proto: MProtocol;
  readonly call: PCall;
  /** The variable of each let visible here. */
  readonly lets: ReadonlyMap<string, string>;
  /** The variable holding `other`'s index inside any_other/all_other. */
  readonly other?: string;
  /** Statements to run before the expression (C only). */
  readonly pre: string[];
  readonly next: { n: number };
  /** The generated constant of an enum member (`Enum.MEMBER`) the tables wrote by name. */
  readonly member: MemberName;
}

/** `Enum.MEMBER` -> the C macro or Rust const the enum's own output declares. */
type MemberName = (ref: string) => string;

/** Where an enum is declared and its member, for a const the tables wrote as `Enum.MEMBER`. */
function enumMember(model: Model, ref: string): { file: string; enumName: string; member: string } {
  const dot = ref.indexOf('.');
  const enumName = ref.slice(0, dot);
  const decl = model.enums.find((e) => e.name === enumName);
  if (dot < 0 || !decl) throw new EmitError(`enum member '${ref}' is not declared`);
  return { file: fileOf(decl.origin), enumName, member: ref.slice(dot + 1) };
}

/** The `Enum.MEMBER` whose value a state variable of enum type starts from, if one has it. */
function initMember(model: Model, t: PType, init: string): string | undefined {
  if (t.kind !== 'enum') return undefined;
  const m = model.enums
    .find((e) => e.name === t.name)
    ?.members.find((x) => BigInt(x.value) === BigInt(init));
  return m ? `${t.name}.${m.name}` : undefined;
}

const hex = (v: string): string => v;

/** Strip one pair of parentheses around the whole text. */
function unparen(t: string): string {
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0 && i < t.length - 1) return t;
  }
  return t.slice(1, -1);
}

/** `!(a OP b)` as `a NOT-OP b` for a comparison (clippy's nonminimal_bool asks for it). */
function flip(e: PExpr): PExpr | undefined {
  const opposite: Record<string, '==' | '!=' | '<' | '<=' | '>' | '>='> = {
    '==': '!=',
    '!=': '==',
    '<': '>=',
    '>=': '<',
    '>': '<=',
    '<=': '>',
  };
  if (e.op !== 'bin') return undefined;
  const kind = opposite[e.kind];
  return kind ? { ...e, kind } : undefined;
}

// ------------------------------------------------------------------ C

interface CNames {
  readonly p: string;
  readonly P: string;
}

function cNames(proto: MProtocol): CNames {
  return { p: `pmumap_proto_${snake(proto.name)}`, P: `PMUMAP_PROTO_${upper(proto.name)}` };
}

function cExpr(e: PExpr, c: Ctx): string {
  const n = cNames(c.proto);
  switch (e.op) {
    case 'const':
      return e.enum !== undefined ? c.member(e.enum) : `${hex(e.value)}ULL`;
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'state':
      if (e.scope === 'vm') return `s->${field(e.name)}`;
      return `s->vcpus[${e.scope === 'vcpu' ? 'vcpu' : (c.other ?? 'vcpu')}].${field(e.name)}`;
    case 'param':
      return `a->${argName(c.call, e.name)}`;
    case 'let': {
      const v = c.lets.get(e.name);
      if (!v) throw new EmitError(`let '${e.name}' is not in scope`);
      return v;
    }
    case 'hostHas':
      return `(${n.p}__${snake(e.record)}_find(h, ${unparen(cExpr(e.key, c))}) != NULL)`;
    case 'hostGet': {
      const r = `r${c.next.n++}`;
      c.pre.push(
        `const struct ${n.p}_host_${snake(e.record)} *${r} = ${n.p}__${snake(e.record)}_find(h, ${unparen(cExpr(e.key, c))});`,
      );
      const rec = c.proto.hosts.find((h) => h.name === e.record);
      const t = rec?.fields.find((f) => f.name === e.field)?.type;
      return t && isBool(t)
        ? `(${r} != NULL && ${r}->${field(e.field)})`
        : `(${r} != NULL ? ${r}->${field(e.field)} : 0ULL)`;
    }
    case 'hostCount':
      return `((uint64_t)h->${snake(e.record)}_count)`;
    case 'hostFirst':
      return `(h->${snake(e.record)}_count > 0 ? h->${snake(e.record)}[0].${field(firstField(c.proto, e.record))} : 0ULL)`;
    case 'anyOther':
    case 'allOther': {
      const k = c.next.n++;
      const o = `o${k}`;
      const v = `v${k}`;
      const inner: Ctx = { ...c, other: v, pre: [] };
      const body = cExpr(e.body, inner);
      const any = e.op === 'anyOther';
      c.pre.push(
        `bool ${o} = ${any ? 'false' : 'true'};`,
        `for (uint32_t ${v} = 0; ${v} < s->nr_vcpus; ${v}++) {`,
        `  if (${v} == vcpu) continue;`,
        ...inner.pre.map((l) => `  ${l}`),
        `  if (${any ? unparen(body) : `!${body}`}) {`,
        `    ${o} = ${any ? 'true' : 'false'};`,
        '    break;',
        '  }',
        '}',
      );
      return o;
    }
    case '!': {
      const flipped = flip(e.arg);
      return flipped ? cExpr(flipped, c) : `(!${cExpr(e.arg, c)})`;
    }
    case '~':
      return `(~${cExpr(e.arg, c)})`;
    case 'min':
    case 'max':
      return `pmumap__${e.op}(${unparen(cExpr(e.a, c))}, ${unparen(cExpr(e.b, c))})`;
    case 'cond':
      return `(${cExpr(e.test, c)} ? ${cExpr(e.then, c)} : ${cExpr(e.otherwise, c)})`;
    case 'inSet': {
      const t = `t${c.next.n++}`;
      c.pre.push(`const uint64_t ${t} = ${unparen(cExpr(e.value, c))};`);
      if (e.items.length === 0) return 'false';
      return `(${e.items.map((i) => `${t} == ${cExpr(i, c)}`).join(' || ')})`;
    }
    case 'inRange': {
      const t = `t${c.next.n++}`;
      c.pre.push(`const uint64_t ${t} = ${unparen(cExpr(e.value, c))};`);
      const tests = [
        ...(BigInt(e.lo) > 0n ? [`${t} >= ${e.lo}ULL`] : []),
        ...(BigInt(e.hi) < (1n << 64n) - 1n ? [`${t} <= ${e.hi}ULL`] : []),
      ];
      return tests.length === 0 ? `((void)${t}, true)` : `(${tests.join(' && ')})`;
    }
    case 'bin': {
      const a = cExpr(e.a, c);
      const b = cExpr(e.b, c);
      if (e.kind === '<<') return `pmumap__shl(${unparen(a)}, ${unparen(b)})`;
      if (e.kind === '>>') return `pmumap__shr(${unparen(a)}, ${unparen(b)})`;
      return `(${a} ${e.kind} ${b})`;
    }
  }
}

function firstField(proto: MProtocol, record: string): string {
  return proto.hosts.find((h) => h.name === record)?.fields[0]?.name ?? 'key';
}

const cType = (t: PType): string => (isBool(t) ? 'bool' : 'uint64_t');

function cInit(t: PType, init: string): string {
  return isBool(t) ? init : `${init}ULL`;
}

/** A state variable's initial value: its enum member's name when it has one. */
const initText = (model: Model, member: MemberName, s: PStateVar, plain: string): string => {
  const ref = initMember(model, s.type, s.init);
  return ref !== undefined ? member(ref) : plain;
};

/** The declarations of a protocol: errnos, state, host records, calls, arguments, init. */
function cProtocol(model: Model, proto: MProtocol, member: MemberName): string {
  const { p, P } = cNames(proto);
  const out: string[] = [
    `/* Protocol ${proto.name} on ${proto.arch}${proto.doc ? `: ${proto.doc.replace(/\*\//g, '* /')}` : ''}.`,
    ' * struct _state (VM fields, vcpus[]), _host, _args, enum _call, _init(state, nr_vcpus);',
    ' * per machine int32_t _<machine>_step(state, host, call, vcpu, args, &step):',
    " * 0 or -errno and the deciding step's index, as the TypeScript runtime answers. */",
    `#define ${P}_MAX_VCPUS ${PROTOCOL_MAX_VCPUS}u`,
    `/* A step function's result when no step decides (check rejects such tables). */`,
    `#define ${P}_NO_RULE INT32_MIN`,
    ...proto.errnos.map((e) => `#define ${P}_${upper(e.name)} ${e.value}`),
    `struct ${p}_vcpu {`,
    ...proto.state
      .filter((s) => s.scope === 'vcpu')
      .map((s) => `  ${cType(s.type)} ${field(s.name)};`),
    ...(proto.state.some((s) => s.scope === 'vcpu') ? [] : ['  bool unused_;']),
    '};',
    `struct ${p}_state {`,
    ...proto.state
      .filter((s) => s.scope === 'vm')
      .map((s) => `  ${cType(s.type)} ${field(s.name)};`),
    '  uint32_t nr_vcpus;',
    `  struct ${p}_vcpu vcpus[${P}_MAX_VCPUS];`,
    '};',
  ];
  for (const h of proto.hosts) {
    out.push(
      `struct ${p}_host_${snake(h.name)} {`,
      ...h.fields.map((f) => `  ${cType(f.type)} ${field(f.name)};`),
      '};',
    );
  }
  out.push(
    `struct ${p}_host {`,
    ...proto.hosts.flatMap((h) => [
      `  const struct ${p}_host_${snake(h.name)} *${snake(h.name)};`,
      `  size_t ${snake(h.name)}_count;`,
    ]),
    ...(proto.hosts.length === 0 ? ['  size_t unused_;'] : []),
    '};',
  );
  for (const h of proto.hosts) {
    const key = field(h.fields[0]?.name ?? 'key');
    out.push(
      `static inline const struct ${p}_host_${snake(h.name)} *${p}__${snake(h.name)}_find(const struct ${p}_host *h, uint64_t key) {`,
      `  for (size_t i = 0; i < h->${snake(h.name)}_count; i++) {`,
      `    if (h->${snake(h.name)}[i].${key} == key) return &h->${snake(h.name)}[i];`,
      '  }',
      '  return NULL;',
      '}',
    );
  }
  out.push(
    `enum ${p}_call {`,
    ...proto.calls.map((c, i) => `  ${P}_${upper(c.subject)}_${upper(c.verb)} = ${i},`),
    '};',
    `struct ${p}_args {`,
    ...proto.calls.flatMap((c) => c.params.map((x) => `  ${cType(x.type)} ${argName(c, x.name)};`)),
    ...(proto.calls.some((c) => c.params.length > 0) ? [] : ['  bool unused_;']),
    '};',
    `static inline void ${p}_init(struct ${p}_state *s, uint32_t nr_vcpus) {`,
    ...proto.state
      .filter((s) => s.scope === 'vm')
      .map((s) => `  s->${field(s.name)} = ${initText(model, member, s, cInit(s.type, s.init))};`),
    `  s->nr_vcpus = nr_vcpus > ${P}_MAX_VCPUS ? ${P}_MAX_VCPUS : nr_vcpus;`,
    `  for (uint32_t i = 0; i < ${P}_MAX_VCPUS; i++) {`,
    ...proto.state
      .filter((s) => s.scope === 'vcpu')
      .map(
        (s) =>
          `    s->vcpus[i].${field(s.name)} = ${initText(model, member, s, cInit(s.type, s.init))};`,
      ),
    ...(proto.state.some((s) => s.scope === 'vcpu') ? [] : ['    s->vcpus[i].unused_ = false;']),
    '  }',
    '}',
    '',
  );
  return out.join('\n');
}

/** Statements deciding one call: lets, then each rule's test, effects and return. */
function cCallBody(proto: MProtocol, m: MMachine, call: PCall, member: MemberName): string[] {
  const { P } = cNames(proto);
  const next = { n: 0 };
  const lets = new Map<string, { readonly v: string; readonly bool: boolean }>();
  const out: string[] = [];
  for (const { step, index } of stepsOf(m, call)) {
    const visible = new Map([...lets].map(([k, x]) => [k, x.v]));
    const c: Ctx = { proto, call, lets: visible, pre: [], next, member };
    if (step.kind === 'let') {
      const text = cExpr(step.value, c);
      const v = `l${index}_${snake(step.name)}`;
      const bool = isBoolExpr(step.value, proto, call, lets);
      out.push(
        ...c.pre,
        `const ${bool ? 'bool' : 'uint64_t'} ${v} = ${unparen(text)};`,
        `(void)${v};`,
      );
      lets.set(step.name, { v, bool });
      continue;
    }
    const result = step.result === '0' ? '0' : `-${P}_${upper(step.result.slice(1))}`;
    const effects: string[] = [];
    const assigns: string[] = [];
    step.effects.forEach((e, i) => {
      const v = proto.state.find((s) => s.scope === e.scope && s.name === e.name)!;
      const t = `e${index}_${i}`;
      effects.push(`const ${cType(v.type)} ${t} = ${unparen(cExpr(e.value, c))};`);
      const w = widthOf(v.type);
      const value = !isBool(v.type) && w < 64 ? `${t} & ${maskText(w)}ULL` : t;
      const target = e.scope === 'vm' ? `s->${field(e.name)}` : `s->vcpus[vcpu].${field(e.name)}`;
      assigns.push(`${target} = ${value};`);
    });
    const decide = [...effects, ...assigns, `*step = ${index}u;`, `return ${result};`];
    if (!step.condition) {
      out.push(...c.pre, ...decide);
      continue;
    }
    const test = cExpr(step.condition, c);
    out.push(...c.pre, `if (${unparen(test)}) {`, ...decide.map((l) => `  ${l}`), '}');
  }
  return out;
}

/** Whether an expression is boolean (for a let's C type). */
function isBoolExpr(
  e: PExpr,
  proto: MProtocol,
  call: PCall,
  lets: ReadonlyMap<string, { readonly bool: boolean }>,
): boolean {
  switch (e.op) {
    case 'bool':
    case 'hostHas':
    case 'anyOther':
    case 'allOther':
    case '!':
    case 'inSet':
    case 'inRange':
      return true;
    case 'bin':
      return ['||', '&&', '==', '!=', '<', '<=', '>', '>='].includes(e.kind);
    case 'cond':
      return isBoolExpr(e.then, proto, call, lets);
    case 'state': {
      const scope = e.scope === 'other' ? 'vcpu' : e.scope;
      const v = proto.state.find((s) => s.scope === scope && s.name === e.name);
      return v !== undefined && isBool(v.type);
    }
    case 'param': {
      const p = call.params.find((x) => x.name === e.name);
      return p !== undefined && isBool(p.type);
    }
    case 'let':
      return lets.get(e.name)?.bool ?? false;
    case 'hostGet': {
      const t = proto.hosts
        .find((h) => h.name === e.record)
        ?.fields.find((f) => f.name === e.field)?.type;
      return t !== undefined && isBool(t);
    }
    default:
      return false;
  }
}

function cMachine(proto: MProtocol, m: MMachine, member: MemberName): string {
  const { p, P } = cNames(proto);
  const fn = `${p}_${snake(m.name)}_step`;
  const out = [
    `/* Machine ${m.name} of ${proto.name}${m.doc ? `: ${m.doc.replace(/\*\//g, '* /')}` : ''}. Returns 0 or -errno and the deciding step, or ${P}_NO_RULE. */`,
    `static inline int32_t ${fn}(struct ${p}_state *s, const struct ${p}_host *h, enum ${p}_call call, uint32_t vcpu, const struct ${p}_args *a, uint32_t *step) {`,
    '  (void)s;',
    '  (void)h;',
    '  (void)vcpu;',
    '  (void)a;',
    '  switch (call) {',
  ];
  for (const call of proto.calls) {
    out.push(`  case ${P}_${upper(call.subject)}_${upper(call.verb)}: {`);
    out.push(...cCallBody(proto, m, call, member).map((l) => `    ${l}`));
    out.push('    break;', '  }');
  }
  out.push('  }', `  *step = UINT32_MAX;`, `  return ${P}_NO_RULE;`, '}', '');
  return out.join('\n');
}

/** C for the protocols and machines declared in one source (deps: the sources it needs). */
export function cProtocols(part: Model, model: Model, source: string, deps: Set<string>): string[] {
  const out: string[] = [];
  const member: MemberName = (ref) => {
    const x = enumMember(model, ref);
    if (x.file !== source) deps.add(x.file);
    return cMember(x.enumName, x.member);
  };
  for (const proto of part.protocols ?? []) out.push(cProtocol(model, proto, member));
  for (const m of part.machines ?? []) {
    const proto = model.protocols?.find((x) => x.name === m.protocol);
    if (!proto) throw new EmitError(`machine '${m.name}' implements no protocol`);
    if (fileOf(proto.origin) !== source) deps.add(fileOf(proto.origin));
    out.push(cMachine(proto, m, member));
  }
  return out;
}

// ------------------------------------------------------------------ Rust

interface RNames {
  readonly T: string;
  readonly f: string;
  readonly C: string;
  /** `crate::<module>::` when the protocol is another module's. */
  readonly path: string;
}

function rNames(proto: MProtocol, path = ''): RNames {
  return {
    T: `${path}Proto${camel(proto.name)}`,
    f: `${path}proto_${snake(proto.name)}`,
    C: `${path}PROTO_${upper(proto.name)}`,
    path,
  };
}

function rExpr(e: PExpr, c: Ctx, n: RNames): string {
  switch (e.op) {
    case 'const':
      return e.enum !== undefined ? c.member(e.enum) : e.value;
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'state':
      if (e.scope === 'vm') return `s.${field(e.name)}`;
      return `s.vcpus[${e.scope === 'vcpu' ? 'vcpu' : (c.other ?? 'vcpu')} as usize].${field(e.name)}`;
    case 'param':
      return `a.${argName(c.call, e.name)}`;
    case 'let': {
      const v = c.lets.get(e.name);
      if (!v) throw new EmitError(`let '${e.name}' is not in scope`);
      return v;
    }
    case 'hostHas':
      return `h.${snake(e.record)}.iter().any(|r| r.${field(firstField(c.proto, e.record))} == ${unparen(rExpr(e.key, c, n))})`;
    case 'hostGet': {
      const rec = c.proto.hosts.find((h) => h.name === e.record);
      const t = rec?.fields.find((f) => f.name === e.field)?.type;
      const key = field(firstField(c.proto, e.record));
      return `h.${snake(e.record)}.iter().find(|r| r.${key} == ${unparen(rExpr(e.key, c, n))}).map_or(${t && isBool(t) ? 'false' : '0'}, |r| r.${field(e.field)})`;
    }
    case 'hostCount':
      return `(h.${snake(e.record)}.len() as u64)`;
    case 'hostFirst':
      return `h.${snake(e.record)}.first().map_or(0, |r| r.${field(firstField(c.proto, e.record))})`;
    case 'anyOther':
    case 'allOther': {
      const v = `o${c.next.n++}`;
      const body = rExpr(e.body, { ...c, other: v }, n);
      return `(0..s.nr_vcpus).filter(|&${v}| ${v} != vcpu).${e.op === 'anyOther' ? 'any' : 'all'}(|${v}| ${unparen(body)})`;
    }
    case '!': {
      const flipped = flip(e.arg);
      return flipped ? rExpr(flipped, c, n) : `!${rExpr(e.arg, c, n)}`;
    }
    case '~':
      return `!${rExpr(e.arg, c, n)}`;
    case 'min':
    case 'max':
      return `rt::${e.op}(${unparen(rExpr(e.a, c, n))}, ${unparen(rExpr(e.b, c, n))})`;
    case 'cond':
      return `(if ${unparen(rExpr(e.test, c, n))} { ${unparen(rExpr(e.then, c, n))} } else { ${unparen(rExpr(e.otherwise, c, n))} })`;
    case 'inSet':
      return `[${e.items.map((i) => unparen(rExpr(i, c, n))).join(', ')}].contains(&${rExpr(e.value, c, n)})`;
    case 'inRange':
      return `(${e.lo}..=${e.hi}).contains(&${rExpr(e.value, c, n)})`;
    case 'bin': {
      const a = rExpr(e.a, c, n);
      const b = rExpr(e.b, c, n);
      switch (e.kind) {
        case '<<':
          return `rt::shl(${unparen(a)}, ${unparen(b)})`;
        case '>>':
          return `rt::shr(${unparen(a)}, ${unparen(b)})`;
        case '+':
          return `u64::wrapping_add(${unparen(a)}, ${unparen(b)})`;
        case '-':
          return `u64::wrapping_sub(${unparen(a)}, ${unparen(b)})`;
        default:
          return `(${a} ${e.kind} ${b})`;
      }
    }
  }
}

const rType = (t: PType): string => (isBool(t) ? 'bool' : 'u64');

function rustProtocol(model: Model, proto: MProtocol, member: MemberName): string {
  const { T, f, C } = rNames(proto);
  const doc = (text: string): string => `/// ${text.replace(/\n/g, ' ')}`;
  const vcpuVars = proto.state.filter((s) => s.scope === 'vcpu');
  const out: string[] = [
    `// Protocol ${proto.name} on ${proto.arch}${proto.doc ? `: ${proto.doc.replace(/\n/g, ' ')}` : ''}`,
    doc(`The most vCPUs a [\`${T}State\`] holds.`),
    `pub const ${C}_MAX_VCPUS: usize = ${PROTOCOL_MAX_VCPUS};`,
    ...proto.errnos.flatMap((e) => [
      doc(`errno ${e.name}${e.doc ? `: ${e.doc}` : ''}`),
      `pub const ${C}_${upper(e.name)}: i32 = ${e.value};`,
    ]),
    doc(`One vCPU's state in protocol ${proto.name}.`),
    '#[derive(Clone, Copy, Debug, PartialEq, Eq)]',
    `pub struct ${T}Vcpu {`,
    ...vcpuVars.flatMap((s) => [
      `    ${doc(s.doc ?? s.name)}`,
      `    pub ${field(s.name)}: ${rType(s.type)},`,
    ]),
    '}',
    doc(`The VM's state in protocol ${proto.name}: its variables and its vCPUs'.`),
    '#[derive(Clone, Copy, Debug, PartialEq, Eq)]',
    `pub struct ${T}State {`,
    ...proto.state
      .filter((s) => s.scope === 'vm')
      .flatMap((s) => [
        `    ${doc(s.doc ?? s.name)}`,
        `    pub ${field(s.name)}: ${rType(s.type)},`,
      ]),
    '    /// How many vCPUs make calls.',
    '    pub nr_vcpus: u32,',
    "    /// Each vCPU's state.",
    `    pub vcpus: [${T}Vcpu; ${C}_MAX_VCPUS],`,
    '}',
  ];
  for (const h of proto.hosts) {
    out.push(
      doc(`A host record \`${h.name}\`${h.doc ? `: ${h.doc}` : ''}; the first field is its key.`),
      '#[derive(Clone, Copy, Debug, PartialEq, Eq)]',
      `pub struct ${T}Host${camel(h.name)} {`,
      ...h.fields.flatMap((x) => [
        `    /// ${x.name}`,
        `    pub ${field(x.name)}: ${rType(x.type)},`,
      ]),
      '}',
    );
  }
  out.push(
    doc(`The host records a run of protocol ${proto.name} starts from.`),
    '#[derive(Clone, Copy, Debug)]',
    `pub struct ${T}Host<'a> {`,
    ...proto.hosts.flatMap((h) => [
      `    /// Every \`host ${h.name}\` record.`,
      `    pub ${snake(h.name)}: &'a [${T}Host${camel(h.name)}],`,
    ]),
    ...(proto.hosts.length === 0 ? ['    /// No host records.', "    pub none: &'a [u64],"] : []),
    '}',
    doc(`A call of protocol ${proto.name}.`),
    '#[derive(Clone, Copy, Debug, PartialEq, Eq)]',
    `pub enum ${T}Call {`,
    ...proto.calls.flatMap((c) => [
      `    ${doc(`${c.name}${c.doc ? `: ${c.doc}` : ''}`)}`,
      `    ${callVariant(c)},`,
    ]),
    '}',
    doc(`The arguments of every call of protocol ${proto.name} (each call reads its own).`),
    '#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]',
    `pub struct ${T}Args {`,
    ...proto.calls.flatMap((c) =>
      c.params.flatMap((x) => [
        `    /// ${c.name}(${x.name})`,
        `    pub ${argName(c, x.name)}: ${rType(x.type)},`,
      ]),
    ),
    '}',
    doc(`The state before any call, with \`nr_vcpus\` vCPUs (at most ${PROTOCOL_MAX_VCPUS}).`),
    `pub fn ${f}_init(nr_vcpus: u32) -> ${T}State {`,
    `    let vcpu = ${T}Vcpu {`,
    ...vcpuVars.map((s) => `        ${field(s.name)}: ${initText(model, member, s, s.init)},`),
    '    };',
    `    ${T}State {`,
    ...proto.state
      .filter((s) => s.scope === 'vm')
      .map((s) => `        ${field(s.name)}: ${initText(model, member, s, s.init)},`),
    `        nr_vcpus: if nr_vcpus as usize > ${C}_MAX_VCPUS { ${C}_MAX_VCPUS as u32 } else { nr_vcpus },`,
    `        vcpus: [vcpu; ${C}_MAX_VCPUS],`,
    '    }',
    '}',
    '',
  );
  return out.join('\n');
}

function rustCallBody(
  proto: MProtocol,
  m: MMachine,
  call: PCall,
  n: RNames,
  member: MemberName,
): string[] {
  const next = { n: 0 };
  const lets = new Map<string, string>();
  const out: string[] = [];
  let tail = 'None';
  const steps = stepsOf(m, call);
  for (const { step, index } of steps) {
    const c: Ctx = { proto, call, lets: new Map(lets), pre: [], next, member };
    if (step.kind === 'let') {
      const v = `l${index}_${snake(step.name)}`;
      out.push(`let ${v} = ${unparen(rExpr(step.value, c, n))};`);
      lets.set(step.name, v);
      continue;
    }
    const result = step.result === '0' ? '0' : `-${n.C}_${upper(step.result.slice(1))}`;
    const effects: string[] = [];
    const assigns: string[] = [];
    step.effects.forEach((e, i) => {
      const v = proto.state.find((s) => s.scope === e.scope && s.name === e.name)!;
      const t = `e${index}_${i}`;
      effects.push(`let ${t} = ${unparen(rExpr(e.value, c, n))};`);
      const w = widthOf(v.type);
      const value = !isBool(v.type) && w < 64 ? `${t} & ${maskText(w)}` : t;
      const target =
        e.scope === 'vm' ? `s.${field(e.name)}` : `s.vcpus[vcpu as usize].${field(e.name)}`;
      assigns.push(`${target} = ${value};`);
    });
    const decided = `Some((${result}, ${index}))`;
    if (!step.condition) {
      out.push(...effects, ...assigns);
      tail = decided;
      break;
    }
    out.push(
      `if ${unparen(rExpr(step.condition, c, n))} {`,
      ...[...effects, ...assigns, `return ${decided};`].map((l) => `    ${l}`),
      '}',
    );
  }
  // A let no later statement reads would be an unused variable (and so may
  // the lets only it read): drop them until every one left is read.
  let kept = out;
  for (let before = -1; before !== kept.length;) {
    before = kept.length;
    const lines = kept;
    kept = lines.filter((line, i) => {
      const m2 = /^let (l\d+_\w+) = /.exec(line);
      if (!m2) return true;
      const re = new RegExp(`\\b${m2[1]}\\b`);
      return [...lines.slice(i + 1), tail].some((l) => re.test(l));
    });
  }
  return [...kept, tail];
}

function rustMachine(proto: MProtocol, m: MMachine, path: string, member: MemberName): string {
  const n = rNames(proto, path);
  const local = rNames(proto);
  const fn = `${local.f}_${snake(m.name)}_step`;
  const out = [
    `/// Machine ${m.name} of protocol ${proto.name}${m.doc ? `: ${m.doc.replace(/\n/g, ' ')}` : ''}.`,
    '/// The result (0 or -errno) and the index of the deciding step, or None when no step decides.',
    `pub fn ${fn}(s: &mut ${n.T}State, h: &${n.T}Host<'_>, call: ${n.T}Call, vcpu: u32, a: &${n.T}Args) -> Option<(i32, u32)> {`,
    '    let _ = (h, a, vcpu);',
    '    match call {',
  ];
  for (const call of proto.calls) {
    const body = rustCallBody(proto, m, call, n, member);
    out.push(`        ${n.T}Call::${callVariant(call)} => {`);
    out.push(...body.map((l) => `            ${l}`));
    out.push('        }');
  }
  out.push('    }', '}', '');
  return out.join('\n');
}

/** Rust for the protocols and machines declared in one source; `moduleOf` names another source's module. */
export function rustProtocols(
  part: Model,
  model: Model,
  source: string,
  moduleOf: (source: string) => string,
): string[] {
  const out: string[] = [];
  const member: MemberName = (ref) => {
    const x = enumMember(model, ref);
    const name = rustConst(x.enumName, x.member);
    return x.file === source ? name : `crate::${moduleOf(x.file)}::${name}`;
  };
  for (const proto of part.protocols ?? []) out.push(rustProtocol(model, proto, member));
  for (const m of part.machines ?? []) {
    const proto = model.protocols?.find((x) => x.name === m.protocol);
    if (!proto) throw new EmitError(`machine '${m.name}' implements no protocol`);
    const file = fileOf(proto.origin);
    out.push(rustMachine(proto, m, file === source ? '' : `crate::${moduleOf(file)}::`, member));
  }
  return out;
}
