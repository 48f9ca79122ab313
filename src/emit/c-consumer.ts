/**
 * Interfaces, consumers and functions as C: per interface an input struct
 * (with a `given` bit per input and a defaults function that fills in the
 * rest, in declaration order, as the runtime does), a result struct, and
 * per consumer a function that runs the decision list. A consumer returns
 * false where the runtime throws EvalError (a key not in a table).
 */
import type { MConsumer, MExpr, MFunction, MInterface, MOutcome, MStep } from '../model/model.ts';
import { PERF_ATTRS } from '../check/perf-attrs.ts';
import { cExpr, cTypeOf } from './c-expr.ts';
import type { CFile, CScope, CVar } from './c-values.ts';
import { C_TYPES, C_ZERO } from './c-values.ts';
import { C_MAX_ARGS } from './c-prelude.ts';
import { EmitError, fileOf, lower, typeOfName, upper } from './native-model.ts';
import { freeVars, mayFail } from './native-expr.ts';
import {
  cAttrBit,
  cConsumer,
  cDefaults,
  cFn,
  cIn,
  cInBit,
  cOutBit,
  cPrivate,
  cReason,
  cResult,
  cWarnBit,
  fieldName,
  warnLabels,
} from './native-names.ts';

/** A C string literal: non-ASCII bytes as octal escapes, no trigraphs. */
export function cString(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (ch === '"' || ch === '\\' || ch === '?') out += `\\${ch}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}

/**
 * A comment body that cannot end the comment early, open a nested one
 * (-Wcomment), or span lines: control characters and line separators
 * become spaces, `?` before `?` loses its trigraph meaning, and a trailing
 * backslash cannot splice the next line.
 */
export const cComment = (text: string): string =>
  text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')
    .replace(/\*\//g, '* /')
    .replace(/\/\*/g, '/ *')
    .replace(/\?\?/g, '? ?')
    .replace(/\\/g, '\\ ');

const ind = (lines: string[], n = 1): string[] => lines.map((l) => '  '.repeat(n) + l);

function reasonRef(f: CFile, code: string | undefined): string {
  if (f.a.reasonFile && f.a.reasonFile !== f.source) f.deps.add(f.a.reasonFile);
  return f.a.reasonFile ? cReason(code ?? 'NONE') : '0u';
}

/** The interface's input and result types, bit masks and defaults function. */
export function cInterface(f: CFile, i: MInterface): string {
  const inputs = i.inputs.map((x) => ({ ...x, t: typeOfName(f.a.model, x.type) }));
  const lines = [
    `/* Interface ${i.name}: ${cComment(i.doc ?? '')} (${i.origin}) */`,
    ...inputs.map((x, n) => `#define ${cInBit(i.name, x.name)} (1ULL << ${n})`),
    `struct ${cIn(i.name)} {`,
    ...inputs.map((x) => `  ${C_TYPES[x.t]} ${fieldName(x.name)}; /* ${x.type} */`),
    '};',
    ...i.outputs.map((x, n) => `#define ${cOutBit(i.name, x.name)} (1ULL << ${n})`),
    `/* What a consumer of ${i.name} answered; \`set\` has a PMUMAP_${upper(i.name)}_OUT_* bit per output set. */`,
    `struct ${cResult(i.name)} {`,
    '  enum pmumap_outcome_kind kind;',
    `  ${f.a.reasonFile ? 'enum pmumap_reason' : 'uint32_t'} reason; /* refused, or software with a code */`,
    "  const char *message; /* the tables' message, {name} placeholders as written */",
    '  struct pmumap_args args; /* their values: pmumap_format_message(buf, size, message, &args) */',
    '  const char *origin; /* the tables line that decided */',
    '  struct pmumap_perf_attr attr; /* kind PERF */',
    '  bool generic; /* a generic perf event: perf_id is its id */',
    '  uint64_t perf_id;',
    '  uint64_t set;',
    '  uint64_t warnings; /* a bit per warn step that fired (PMUMAP_<IFACE>_<CONSUMER>_WARN_*) */',
    ...i.outputs.map((x) => `  ${C_TYPES[typeOfName(f.a.model, x.type)]} ${fieldName(x.name)};`),
    '};',
    '',
    `static inline void ${cPrivate(fileOf(i.origin), `${lower(i.name)}_init`)}(struct ${cResult(i.name)} *out) {`,
    '  out->kind = PMUMAP_OUTCOME_NONE;',
    `  out->reason = ${reasonRef(f, undefined)};`,
    '  out->message = "";',
    '  out->args.count = 0;',
    '  out->origin = "";',
    ...Object.entries(PERF_ATTRS).map(
      ([a, k]) => `  out->attr.${a} = ${k === 'int' ? '0' : 'false'};`,
    ),
    '  out->attr.set = 0;',
    '  out->generic = false;',
    '  out->perf_id = 0;',
    '  out->set = 0;',
    '  out->warnings = 0;',
    ...i.outputs.map(
      (x) => `  out->${fieldName(x.name)} = ${C_ZERO[typeOfName(f.a.model, x.type)]};`,
    ),
    '}',
    '',
  ];
  const vars = new Map<string, CVar>(
    inputs.map((x) => [x.name, { code: `in->${fieldName(x.name)}`, type: x.t }]),
  );
  const scope: CScope = { vars, err: '&err' };
  const body: string[] = [];
  for (const x of inputs) {
    const value = x.default
      ? cExpr(f, x.default, scope)
      : x.t === 'ranges'
        ? 'pmumap__ranges_of(NULL, 0)'
        : undefined;
    if (value === undefined) continue;
    body.push(`if (!(given & ${cInBit(i.name, x.name)})) in->${fieldName(x.name)} = ${value};`);
    if (x.default && mayFail(f.a, x.default)) body.push('if (err) return false;');
  }
  const helpers = f.helpers.splice(0);
  return [
    ...lines,
    ...helpers,
    `/** Fill in every input whose PMUMAP_${upper(i.name)}_IN_* bit is clear in \`given\`, in declaration order; false when a default cannot be computed. */`,
    `static inline bool ${cDefaults(i.name)}(struct ${cIn(i.name)} *in, uint64_t given) {`,
    '  bool err = false;',
    ...(body.length > 0 ? ind(body) : ['  (void)in;', '  (void)given;']),
    '  return !err;',
    '}',
    '',
  ].join('\n');
}

/** `pmumap__<stem>_pmu_name(id)`: a pmu's name, as a message shows it (hoisted once per file). */
function pmuName(f: CFile): string {
  const fn = cPrivate(f.source, 'pmu_name');
  if (f.props.has('#pmu_name')) return fn;
  f.props.add('#pmu_name');
  f.helpers.push(
    [
      `static inline const char *${fn}(uint32_t pmu) {`,
      '  switch (pmu) {',
      ...[...f.a.pmuIds].map(([name, id]) => `  case ${id}u:\n    return ${cString(name)};`),
      '  default:',
      '    return "?";',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return fn;
}

/** Record the value of every {name} of `message` the consumer has in scope (ranges and tables stay as written). */
function messageArgs(f: CFile, message: string, s: CScope): string[] {
  const names = [
    ...new Set([...message.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] ?? '')),
  ];
  const args = names.flatMap((name) => {
    const v = s.vars.get(name);
    if (!v) return [];
    const code = cExpr(f, { op: 'var', name }, s);
    switch (v.type) {
      case 'int':
        return [`pmumap__arg(${cString(name)}, PMUMAP_ARG_INT, ${code}, NULL)`];
      case 'bool':
        return [`pmumap__arg(${cString(name)}, PMUMAP_ARG_BOOL, ${code} ? 1u : 0u, NULL)`];
      case 'pmu':
        return [`pmumap__arg(${cString(name)}, PMUMAP_ARG_TEXT, 0, ${pmuName(f)}(${code}))`];
      default:
        return [];
    }
  });
  if (args.length > C_MAX_ARGS)
    throw new EmitError(`a message names more than ${C_MAX_ARGS} values: ${message}`);
  return [
    ...(args.length > 0 ? [`out->args.count = ${args.length};`] : []),
    ...args.map((a, i) => `out->args.items[${i}] = ${a};`),
  ];
}

function outcome(f: CFile, o: MOutcome, origin: string, s: CScope): string[] {
  const lines = [`out->origin = ${cString(origin)};`];
  const attrs = (list: readonly { name: string; value: MExpr }[]) =>
    list.flatMap((a) => {
      if (!(a.name in PERF_ATTRS)) throw new EmitError(`unknown perf attribute '${a.name}'`);
      return [
        `out->attr.${a.name} = ${cExpr(f, a.value, s)};`,
        `out->attr.set |= ${cAttrBit(a.name)};`,
      ];
    });
  switch (o.kind) {
    case 'refuse':
    case 'software':
      lines.push(
        `out->kind = PMUMAP_OUTCOME_${o.kind === 'refuse' ? 'REFUSED' : 'SOFTWARE'};`,
        `out->reason = ${reasonRef(f, o.code)};`,
        `out->message = ${cString(o.message)};`,
        ...messageArgs(f, o.message, s),
      );
      break;
    case 'direct':
      lines.push(
        'out->kind = PMUMAP_OUTCOME_DIRECT;',
        `out->message = ${cString(o.message)};`,
        ...messageArgs(f, o.message, s),
      );
      break;
    case 'perf':
      lines.push('out->kind = PMUMAP_OUTCOME_PERF;', ...attrs(o.attrs));
      break;
    case 'generic':
      lines.push(
        'out->kind = PMUMAP_OUTCOME_PERF;',
        'out->generic = true;',
        `out->perf_id = ${cExpr(f, o.event, s)};`,
        `out->attr.type = ${o.typeValue}ULL;`,
        'out->attr.config = out->perf_id;',
        `out->attr.set |= ${cAttrBit('type')} | ${cAttrBit('config')};`,
        ...attrs(o.attrs),
      );
      break;
  }
  return [...lines, 'return !err;'];
}

function step(
  f: CFile,
  c: MConsumer,
  st: MStep,
  s: CScope & { vars: Map<string, CVar> },
  n: number,
): string[] {
  const vars = s.vars;
  const check = (e: MExpr): string[] => (mayFail(f.a, e) ? ['if (err) return false;'] : []);
  switch (st.kind) {
    case 'let':
    case 'output': {
      const type = cTypeOf(f, st.value, s);
      const name = `v${n}_${lower(st.name)}`;
      const lines = [`${C_TYPES[type]} ${name} = ${cExpr(f, st.value, s)};`, ...check(st.value)];
      vars.set(st.name, { code: name, type });
      if (st.kind === 'let') return [...lines, `/*unused:${name}*/`];
      const iface = c.implements;
      return [
        ...lines,
        `out->${fieldName(st.name)} = ${name};`,
        `out->set |= ${cOutBit(iface, st.name)};`,
      ];
    }
    case 'warn': {
      const label = warnLabels(c.steps)[c.steps.filter((x) => x.kind === 'warn').indexOf(st)] ?? '';
      return [
        `if (${cExpr(f, st.condition, s)}) out->warnings |= ${cWarnBit(c.implements, c.name, label)};`,
        ...check(st.condition),
      ];
    }
    case 'when': {
      const cond = cExpr(f, st.condition, s);
      const body = ind(outcome(f, st.outcome, st.origin, s));
      if (!mayFail(f.a, st.condition)) return [`if (${cond}) {`, ...body, '}'];
      return [
        `{`,
        `  bool t = ${cond};`,
        '  if (err) return false;',
        '  if (t) {',
        ...ind(body),
        '  }',
        '}',
      ];
    }
    case 'final':
      return outcome(f, st.outcome, st.origin, s);
  }
}

/** A consumer's decision list as a function (and the helpers it needed before it). */
export function cConsumerFn(f: CFile, c: MConsumer): string {
  const i = f.a.model.interfaces.find((x) => x.name === c.implements);
  if (!i)
    throw new EmitError(`consumer '${c.name}' implements unknown interface '${c.implements}'`);
  const vars = new Map<string, CVar>(
    i.inputs.map((x) => [
      x.name,
      { code: `in->${fieldName(x.name)}`, type: typeOfName(f.a.model, x.type) },
    ]),
  );
  const warns = warnLabels(c.steps).map(
    (w, n) => `#define ${cWarnBit(c.implements, c.name, w)} (1ULL << ${n})`,
  );
  const scope = { vars, err: '&err', used: new Set<string>() };
  const body = c.steps
    .flatMap((st, n) => [`/* ${st.origin} */`, ...step(f, c, st, scope, n)])
    .flatMap((l) => {
      const unused = /^\/\*unused:(\w+)\*\/$/.exec(l)?.[1];
      if (unused === undefined) return [l];
      return scope.used.has(unused) ? [] : [`(void)${unused};`];
    });
  const ends = c.steps.some((st) => st.kind === 'final');
  const helpers = f.helpers.splice(0);
  return [
    ...warns,
    ...helpers,
    `/** Consumer ${c.name} of ${c.implements}: ${cComment(c.doc ?? '')} (${c.origin}); false where the runtime fails (a key not in a table). */`,
    `static inline bool ${cConsumer(c.implements, c.name)}(const struct ${cIn(i.name)} *in, struct ${cResult(i.name)} *out) {`,
    '  bool err = false;',
    ...([...scope.used].some((u) => u.startsWith('in->')) ? [] : ['  (void)in;']),
    `  ${cPrivate(fileOf(i.origin), `${lower(i.name)}_init`)}(out);`,
    ...ind(body),
    ...(ends ? [] : ['  return !err;']),
    '}',
    '',
  ].join('\n');
}

/** A DSL function; it takes a trailing `bool *err` when its body can fail. */
export function cFunction(f: CFile, fn: MFunction): string {
  const params = fn.params.map((p) => {
    const name = fieldName(p.name) === 'err' ? 'err_' : fieldName(p.name);
    return { p, name, type: typeOfName(f.a.model, p.type) };
  });
  const fails = mayFail(f.a, fn.body);
  const vars = new Map<string, CVar>(params.map((x) => [x.p.name, { code: x.name, type: x.type }]));
  const body = cExpr(f, fn.body, { vars, err: fails ? 'err' : undefined });
  const free = freeVars(fn.body);
  const decl = [
    ...params.map((x) => `${C_TYPES[x.type]} ${x.name}`),
    ...(fails ? ['bool *err'] : []),
  ];
  const helpers = f.helpers.splice(0);
  return [
    ...helpers,
    `/** ${cComment(fn.doc ?? fn.name)} (${fn.origin}) */`,
    `static inline ${C_TYPES[typeOfName(f.a.model, fn.returns)]} ${cFn(fn.name)}(${decl.join(', ') || 'void'}) {`,
    ...params.filter((x) => !free.has(x.p.name)).map((x) => `  (void)${x.name};`),
    `  return ${body};`,
    '}',
    '',
  ].join('\n');
}
