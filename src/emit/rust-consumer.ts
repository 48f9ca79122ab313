/**
 * Interfaces, consumers and functions as Rust: per interface an input
 * struct (a `given` bit per input and a defaults function), a result
 * struct, and per consumer a `pub fn` returning the result, or `Err` where
 * the runtime throws EvalError.
 */
import { PERF_ATTRS } from '../check/perf-attrs.ts';
import type { MConsumer, MExpr, MFunction, MInterface, MOutcome, MStep } from '../model/model.ts';
import type { RScope, RustFile, RVar } from './rust-expr.ts';
import { rustExpr, rustPath, RUST_TYPES, rustTypeOf } from './rust-expr.ts';
import { EmitError, fileOf, lower, typeOfName } from './native-model.ts';
import { mayFail } from './native-expr.ts';
import { C_MAX_ARGS } from './c-prelude.ts';
import { fieldName, rustConst, rustFn, rustType, rustVariant, warnLabels } from './native-names.ts';

/** A Rust string literal (control characters as `\u{..}` escapes). */
export function rustString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `"${out}"`;
}

/**
 * Doc text rustdoc renders as written and warns nothing about: one line
 * (no control character), no leading indent (a code block, so a doctest),
 * and outside `code spans` the characters it would read as HTML tags
 * (`PMEVTYPER<n>_EL0`) or intra-doc links (`[0]`) backslash-escaped; and
 * bare URLs in angle brackets.
 */
export function rustDocText(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trim();
  const spans = line.split('`');
  const balanced = spans.length % 2 === 1;
  return spans
    .map((part, i) =>
      balanced && i % 2 === 1
        ? part
        : part
            .replace(/[\\<>[\]]/g, (c) => `\\${c}`)
            .replace(/https?:\/\/[^\s<>]+/g, (url) => `<${url.replace(/\\(.)/g, '$1')}>`),
    )
    .join(balanced ? '`' : '\\`');
}

/** A `///` doc line (see rustDocText). */
export const rustDoc = (text: string): string => `/// ${rustDocText(text)}`;

const ind = (lines: string[], n = 1): string[] => lines.map((l) => (l ? '    '.repeat(n) + l : l));

const hasRanges = (a: RustFile['a'], i: MInterface): boolean =>
  i.inputs.some((x) => typeOfName(a.model, x.type) === 'ranges');

/** `KvmEvtypeWriteIn<'a>` or `KvmEvtypeWriteIn`, with `lt` as the lifetime. */
function inType(f: RustFile, i: MInterface, lt: string): string {
  const name = rustPath(f, fileOf(i.origin), rustType(i.name, 'In'));
  return hasRanges(f.a, i) ? `${name}<${lt}>` : name;
}

function reasonType(f: RustFile): string {
  const file = f.a.reasonFile;
  return file ? `Option<${rustPath(f, file, 'Reason')}>` : 'Option<u32>';
}

export function rustInterface(f: RustFile, i: MInterface): string {
  const inputs = i.inputs.map((x) => ({ ...x, t: typeOfName(f.a.model, x.type) }));
  const ranges = hasRanges(f.a, i);
  const scope: RScope = {
    vars: new Map(inputs.map((x) => [x.name, { code: `input.${fieldName(x.name)}`, type: x.t }])),
    used: new Set(),
  };
  const body: string[] = [];
  for (const x of inputs) {
    const value = x.default ? rustExpr(f, x.default, scope) : x.t === 'ranges' ? '&[]' : undefined;
    if (value === undefined) continue;
    const bit = rustConst(i.name, 'IN', x.name);
    body.push(`if given & ${bit} == 0 {`, `    input.${fieldName(x.name)} = ${value};`, '}');
  }
  const p = body.length > 0 ? '' : '_';
  return [
    rustDoc(`Interface ${i.name}: ${i.doc ?? ''} (${i.origin})`),
    ...inputs.map((x, n) => `pub const ${rustConst(i.name, 'IN', x.name)}: u64 = 1 << ${n};`),
    '#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]',
    `pub struct ${rustType(i.name, 'In')}${ranges ? "<'a>" : ''} {`,
    ...inputs.map(
      (x) =>
        `    pub ${fieldName(x.name)}: ${x.t === 'ranges' ? "&'a [(u64, u64, u64)]" : RUST_TYPES[x.t]}, // ${x.type}`,
    ),
    '}',
    ...i.outputs.map((x, n) => `pub const ${rustConst(i.name, 'OUT', x.name)}: u64 = 1 << ${n};`),
    rustDoc(
      `What a consumer of ${i.name} answered; \`set\` has a ${rustConst(i.name)}_OUT_* bit per output set.`,
    ),
    '#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]',
    `pub struct ${rustType(i.name, 'Result')} {`,
    '    pub kind: OutcomeKind,',
    `    pub reason: ${reasonType(f)}, // refused, or software with a code`,
    "    pub message: Message, // the tables' message; Display fills in its {name} placeholders",
    "    pub origin: &'static str, // the tables line that decided",
    '    pub attr: PerfAttr,',
    '    pub generic: bool, // a generic perf event: perf_id is its id',
    '    pub perf_id: u64,',
    '    pub set: u64,',
    '    pub warnings: u64, // a bit per warn step that fired (<IFACE>_<CONSUMER>_WARN_*)',
    ...i.outputs.map(
      (x) => `    pub ${fieldName(x.name)}: ${RUST_TYPES[typeOfName(f.a.model, x.type)]},`,
    ),
    '}',
    '',
    rustDoc(
      `Fill in every input whose ${rustConst(i.name)}_IN_* bit is clear in \`given\`, in declaration order.`,
    ),
    `pub fn ${rustFn(i.name, 'defaults')}(${p}input: &mut ${inType(f, i, "'_")}, ${p}given: u64) -> Result<(), &'static str> {`,
    ...ind(body),
    '    Ok(())',
    '}',
    '',
  ].join('\n');
}

/** A pmu id's name, as a message shows it (a private function of the module). */
function pmuName(f: RustFile): string {
  const fn = 'pmumap_pmu_name';
  if (f.helpers.has(fn)) return fn;
  f.helpers.set(
    fn,
    [
      "fn pmumap_pmu_name(pmu: u32) -> &'static str {",
      '    match pmu {',
      ...[...f.a.pmuIds].map(([name, id]) => `        ${id} => ${rustString(name)},`),
      '        _ => "?",',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  return fn;
}

/** `Message::new(text, &[...])` with the value of every {name} of the text in scope. */
function message(f: RustFile, text: string, s: RScope): string {
  const names = [
    ...new Set([...text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] ?? '')),
  ];
  const args = names.flatMap((name) => {
    const v = s.vars.get(name);
    if (!v) return [];
    const code = rustExpr(f, { op: 'var', name }, s);
    const value =
      v.type === 'int'
        ? `ArgValue::Int(${code})`
        : v.type === 'bool'
          ? `ArgValue::Bool(${code})`
          : v.type === 'pmu'
            ? `ArgValue::Text(${pmuName(f)}(${code}))`
            : undefined;
    return value ? [`Arg { name: ${rustString(name)}, value: ${value} }`] : [];
  });
  if (args.length > C_MAX_ARGS)
    throw new EmitError(`a message names more than ${C_MAX_ARGS} values: ${text}`);
  return `Message::new(${rustString(text)}, &[${args.join(', ')}])`;
}

/** OutcomeKind is imported from the crate's types module; the ATTR_* bits are named in full. */
function outcome(f: RustFile, o: MOutcome, origin: string, s: RScope): string[] {
  const kind = 'OutcomeKind';
  const bit = (attr: string): string => `crate::types::ATTR_${attr.toUpperCase()}`;
  const reason = (code: string | undefined): string =>
    code && f.a.reasonFile
      ? `Some(${rustPath(f, f.a.reasonFile, 'Reason')}::${rustVariant(code)})`
      : 'None';
  const attrs = (list: readonly { name: string; value: MExpr }[]): string[] =>
    list.flatMap((a) => {
      if (!(a.name in PERF_ATTRS)) throw new EmitError(`unknown perf attribute '${a.name}'`);
      const field = a.name === 'type' ? 'type_' : a.name;
      return [`out.attr.${field} = ${rustExpr(f, a.value, s)};`, `out.attr.set |= ${bit(a.name)};`];
    });
  const lines = [`out.origin = ${rustString(origin)};`];
  switch (o.kind) {
    case 'refuse':
    case 'software':
      lines.push(
        `out.kind = ${kind}::${o.kind === 'refuse' ? 'Refused' : 'Software'};`,
        `out.reason = ${reason(o.code)};`,
        `out.message = ${message(f, o.message, s)};`,
      );
      break;
    case 'direct':
      lines.push(`out.kind = ${kind}::Direct;`, `out.message = ${message(f, o.message, s)};`);
      break;
    case 'perf':
      lines.push(`out.kind = ${kind}::Perf;`, ...attrs(o.attrs));
      break;
    case 'generic':
      lines.push(
        `out.kind = ${kind}::Perf;`,
        'out.generic = true;',
        `out.perf_id = ${rustExpr(f, o.event, s)};`,
        `out.attr.type_ = ${o.typeValue};`,
        'out.attr.config = out.perf_id;',
        `out.attr.set |= ${bit('type')} | ${bit('config')};`,
        ...attrs(o.attrs),
      );
      break;
  }
  return lines;
}

function step(
  f: RustFile,
  c: MConsumer,
  st: MStep,
  s: RScope & { vars: Map<string, RVar> },
  n: number,
): string[] {
  const types = fileOf(
    f.a.model.interfaces.find((x) => x.name === c.implements)?.origin ?? f.source,
  );
  switch (st.kind) {
    case 'let':
    case 'output': {
      const type = rustTypeOf(f, st.value, s);
      const name = `v${n}_${lower(st.name)}`;
      const decl = `let ${name}: ${RUST_TYPES[type]} = ${rustExpr(f, st.value, s)};`;
      s.vars.set(st.name, { code: name, type });
      if (st.kind === 'let') return [`/*let:${name}*/${decl}`];
      return [
        decl,
        `out.${fieldName(st.name)} = ${name};`,
        `out.set |= ${rustPath(f, types, rustConst(c.implements, 'OUT', st.name))};`,
      ];
    }
    case 'warn': {
      const label = warnLabels(c.steps)[c.steps.filter((x) => x.kind === 'warn').indexOf(st)] ?? '';
      const bit = rustConst(c.implements, c.name, 'WARN', label);
      return [`if ${rustExpr(f, st.condition, s)} {`, `    out.warnings |= ${bit};`, '}'];
    }
    case 'when':
      return [
        `if ${rustExpr(f, st.condition, s)} {`,
        ...ind(outcome(f, st.outcome, st.origin, s)),
        '    return Ok(out);',
        '}',
      ];
    case 'final':
      return [...outcome(f, st.outcome, st.origin, s), 'Ok(out)'];
  }
}

export function rustConsumer(f: RustFile, c: MConsumer): string {
  const i = f.a.model.interfaces.find((x) => x.name === c.implements);
  if (!i)
    throw new EmitError(`consumer '${c.name}' implements unknown interface '${c.implements}'`);
  const vars = new Map<string, RVar>(
    i.inputs.map((x) => [
      x.name,
      { code: `input.${fieldName(x.name)}`, type: typeOfName(f.a.model, x.type) },
    ]),
  );
  const scope = { vars, used: new Set<string>() };
  const body = c.steps
    .flatMap((st, n) => [`// ${st.origin}`, ...step(f, c, st, scope, n)])
    .map((l) =>
      l.replace(
        /^\/\*let:(\w+)\*\/let \w+/,
        (_, name: string) => `let ${scope.used.has(name) ? '' : '_'}${name}`,
      ),
    );
  const ends = c.steps.some((st) => st.kind === 'final');
  const mutates = c.steps.some((st) => st.kind !== 'let');
  const usesInput = [...scope.used].some((u) => u.startsWith('input.'));
  const result = rustPath(f, fileOf(i.origin), rustType(i.name, 'Result'));
  return [
    ...warnLabels(c.steps).map(
      (w, n) => `pub const ${rustConst(c.implements, c.name, 'WARN', w)}: u64 = 1 << ${n};`,
    ),
    rustDoc(`Consumer ${c.name} of ${c.implements}: ${c.doc ?? ''} (${c.origin}).`),
    `pub fn ${rustFn(c.implements, c.name)}(${usesInput ? '' : '_'}input: &${inType(f, i, "'_")}) -> Result<${result}, &'static str> {`,
    `    let ${mutates ? 'mut ' : ''}out = ${result}::default();`,
    ...ind(body),
    ...(ends ? [] : ['    Ok(out)']),
    '}',
    '',
  ].join('\n');
}

/** A DSL function: `Result<T, &str>` when its body can fail, else plain `T`. */
export function rustFunction(f: RustFile, fn: MFunction): string {
  // A parameter keeps its name unless it is spelt like a block temporary (t0, m0, i0).
  const params = fn.params.map((p) => {
    const field = fieldName(p.name);
    const name = /^[mit][0-9]+$/.test(field) ? `p_${field}` : field;
    return { p, name, type: typeOfName(f.a.model, p.type) };
  });
  const scope: RScope = {
    vars: new Map(params.map((x) => [x.p.name, { code: x.name, type: x.type }])),
    used: new Set(),
  };
  const body = rustExpr(f, fn.body, scope);
  const ret = RUST_TYPES[typeOfName(f.a.model, fn.returns)];
  const fails = mayFail(f.a, fn.body);
  const decl = params.map(
    (x) => `${scope.used.has(x.name) ? '' : '_'}${x.name}: ${RUST_TYPES[x.type]}`,
  );
  return [
    rustDoc(`${fn.doc ?? fn.name} (${fn.origin})`),
    `pub fn ${rustFn(fn.name)}(${decl.join(', ')}) -> ${fails ? `Result<${ret}, &'static str>` : ret} {`,
    `    ${fails ? okOf(body) : body}`,
    '}',
    '',
  ].join('\n');
}

/**
 * `Ok(body)` for a fallible function body, except a body that is one
 * fallible call (`g(..)?`): that is returned as it is, since clippy's
 * needless_question_mark refuses `Ok(g(..)?)` under -D warnings.
 */
function okOf(body: string): string {
  const call = /^[A-Za-z_][A-Za-z0-9_]*\(/.exec(body);
  if (!call || !body.endsWith(')?')) return `Ok(${body})`;
  let depth = 0;
  for (let i = call[0].length - 1; i < body.length - 1; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')' && --depth === 0 && i !== body.length - 2) return `Ok(${body})`;
  }
  return body.slice(0, -1);
}
