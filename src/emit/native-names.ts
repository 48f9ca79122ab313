/**
 * How model names are spelled in the generated C headers and Rust modules.
 * C: every type and function is `pmumap_<name>`, every macro and enumerator
 * `PMUMAP_<NAME>`, so headers can share one translation unit; the shared
 * runtime uses `pmumap__` / `PMUMAP__`, which no model name can produce.
 * Rust: one module per source in one crate, `<stem>` with `-` as `_`;
 * items keep the same spellings without the prefix. Test drivers use these functions too.
 */
import type { Model } from '../model/model.ts';
import { camel, checkUnique, EmitError, fileOf, lower, sanitize, upper } from './native-model.ts';
import { stemOf } from './generated-file.ts';

const KEYWORDS = new Set(
  [
    // C and C++
    'auto break case char class const continue default delete do double else enum explicit',
    'extern false float for friend goto if inline int long mutable namespace new operator',
    'private protected public register restrict return short signed sizeof static struct',
    'switch template this throw true try typedef typename union unsigned using virtual void',
    'volatile while bool and or not xor',
    // Rust
    'as crate dyn fn impl in let loop match mod move mut pub ref self super trait type unsafe',
    'use where async await abstract become box final macro override priv typeof unsized yield',
    'gen',
  ]
    .join(' ')
    .split(' '),
);

/** A struct field, parameter or local name (lower case; a keyword gets a trailing `_`). */
export const fieldName = (name: string): string =>
  KEYWORDS.has(lower(name)) ? `${lower(name)}_` : lower(name);

/** Result fields every interface has; an output may not reuse them. */
export const RESULT_FIELDS = [
  'kind',
  'reason',
  'message',
  'args',
  'origin',
  'attr',
  'generic',
  'perf_id',
  'set',
  'warnings',
];

export const cGuard = (source: string): string => `PMUMAP_${upper(stemOf(source))}_H`;
export const cHeader = (source: string): string => `${stemOf(source)}.h`;
/** Per-file private helpers: `pmumap__<stem>_...` (double underscore: never a model name). */
export const cPrivate = (source: string, what: string): string =>
  `pmumap__${lower(stemOf(source))}_${what}`;

export const cMember = (enumName: string, member: string): string =>
  `PMUMAP_${upper(enumName)}_${upper(member)}`;
export const cTarget = (target: string, type: string, id?: string): string =>
  `PMUMAP_${upper(target)}_${upper(type)}${id === undefined ? '' : `_${upper(id)}`}`;
export const cField = (reg: string, field: string, what: 'SHIFT' | 'MASK' | 'WIDTH'): string =>
  `PMUMAP_${upper(reg)}_${upper(field)}_${what}`;
export const cPmu = (pmu: string): string => `PMUMAP_PMU_${upper(pmu)}`;
export const cReason = (code: string): string => `PMUMAP_REASON_${upper(code)}`;
export const cTable = (table: string): string => `pmumap_${lower(table)}`;
export const cFn = (fn: string): string => `pmumap_${lower(fn)}`;
export const cIn = (iface: string): string => `pmumap_${lower(iface)}_in`;
export const cResult = (iface: string): string => `pmumap_${lower(iface)}_result`;
export const cDefaults = (iface: string): string => `pmumap_${lower(iface)}_defaults`;
export const cConsumer = (iface: string, consumer: string): string =>
  `pmumap_${lower(iface)}_${lower(consumer)}`;
export const cInBit = (iface: string, input: string): string =>
  `PMUMAP_${upper(iface)}_IN_${upper(input)}`;
export const cOutBit = (iface: string, output: string): string =>
  `PMUMAP_${upper(iface)}_OUT_${upper(output)}`;
export const cWarnBit = (iface: string, consumer: string, label: string): string =>
  `PMUMAP_${upper(iface)}_${upper(consumer)}_WARN_${upper(label)}`;
export const cAttrBit = (attr: string): string => `PMUMAP_ATTR_${upper(attr)}`;

/** `arm64-kvm-vpmu` -> `arm64_kvm_vpmu` (a leading digit gets `m_`). */
export const rustModule = (source: string): string => {
  const m = lower(stemOf(source));
  return /^[0-9]/.test(m) ? `m_${m}` : m;
};
/** The module's file in the crate: `rust/src/<module>.rs`, so lib.rs declares it as `pub mod <module>;`. */
export const rustFile = (source: string): string => `rust/src/${rustModule(source)}.rs`;
/** Modules of the crate that are not a source's: a source may not take their names. */
export const RUST_CRATE_MODULES: readonly string[] = ['types', 'rt', 'tests', 'lib'];
export const rustConst = (...parts: string[]): string => parts.map(upper).join('_');
export const rustFn = (...parts: string[]): string => {
  const f = parts.map(lower).join('_');
  return KEYWORDS.has(f) ? `${f}_` : f;
};
export const rustType = (name: string, suffix = ''): string => `${camel(name)}${suffix}`;
export const rustVariant = (code: string): string => camel(code);

/** A warn step's name within its consumer: its label, or `W<n>` for the n-th unlabelled one. */
export function warnLabels(steps: readonly { kind: string; label?: string }[]): string[] {
  return steps
    .filter((s) => s.kind === 'warn')
    .map((s, i) => (s.label !== undefined ? sanitize(s.label) : `W${i}`));
}

/** Fail when two model items would get one C or Rust identifier. */
export function checkNames(
  model: Model,
  sources: readonly string[],
  reserved: readonly string[],
): void {
  const c: [string, string][] = sources.map((s) => [cGuard(s), `the header of ${s}`]);
  for (const r of reserved) c.push([r, 'the pmumap runtime']);
  checkUnique(
    [
      ...RUST_CRATE_MODULES.map((m) => [m, `the crate's own module ${m}`] as const),
      ...sources.map((s) => [rustModule(s), `the module of ${s}`] as const),
    ],
    'Rust',
  );
  for (const e of model.enums)
    for (const m of e.members) c.push([cMember(e.name, m.name), `${e.name}.${m.name}`]);
  for (const t of model.targets)
    for (const ty of t.types) {
      c.push([cTarget(t.name, ty.name), `${t.name}.${ty.name}`]);
      for (const id of ty.ids ?? [])
        c.push([cTarget(t.name, ty.name, id.name), `${t.name}.${ty.name}.${id.name}`]);
    }
  for (const r of model.registers)
    for (const f of r.fields)
      if (!f.reserved) c.push([cField(r.name, f.name, 'MASK'), `field ${r.name}.${f.name}`]);
  const table = (name: string, what: string): void => {
    for (const suffix of ['_entries', '_table', '_lookup']) c.push([cTable(name) + suffix, what]);
  };
  for (const p of model.pmus) {
    c.push([cPmu(p.name), `pmu ${p.name}`]);
    table(`${p.name}_fixed_event`, `the fixed_event table of pmu ${p.name}`);
  }
  for (const r of model.reasons) c.push([cReason(r.code), `reason ${r.code}`]);
  c.push([cReason('NONE'), 'the absent reason']);
  for (const t of model.tables) table(t.name, `table ${t.name}`);
  for (const f of model.functions) c.push([cFn(f.name), `function ${f.name}`]);
  for (const i of model.interfaces) {
    c.push([cIn(i.name), `the inputs of ${i.name}`]);
    c.push([cResult(i.name), `the result of ${i.name}`]);
    c.push([cDefaults(i.name), `the defaults of ${i.name}`]);
    for (const x of i.inputs) c.push([cInBit(i.name, x.name), `input ${i.name}.${x.name}`]);
    for (const x of i.outputs) {
      c.push([cOutBit(i.name, x.name), `output ${i.name}.${x.name}`]);
      if (RESULT_FIELDS.includes(fieldName(x.name)))
        throw new EmitError(`output '${x.name}' of '${i.name}' would reuse a result field name`);
    }
  }
  for (const k of model.consumers) {
    c.push([cConsumer(k.implements, k.name), `consumer ${k.name} of ${k.implements}`]);
    for (const w of warnLabels(k.steps))
      c.push([cWarnBit(k.implements, k.name, w), `warn ${w} of ${k.name}`]);
  }
  checkUnique(c, 'C');
  checkUnique(rustNames(model), 'Rust');
}

/** Rust items live per module: two items of one source may not share a name. */
function rustNames(model: Model): [string, string][] {
  const out: [string, string][] = [];
  const add = (origin: string, id: string, what: string): void => {
    out.push([`${fileOf(origin)}::${id}`, what]);
  };
  for (const e of model.enums)
    for (const m of e.members) add(e.origin, rustConst(e.name, m.name), `${e.name}.${m.name}`);
  for (const r of model.registers)
    for (const f of r.fields)
      if (!f.reserved) add(r.origin, rustConst(r.name, f.name, 'MASK'), `${r.name}.${f.name}`);
  for (const t of model.tables) {
    add(t.origin, rustConst(t.name), `table ${t.name}`);
    add(t.origin, rustFn(t.name, 'lookup'), `the lookup of ${t.name}`);
  }
  for (const p of model.pmus) {
    add(p.origin, rustConst(`${p.name}_fixed_event`), `the fixed_event table of pmu ${p.name}`);
    add(p.origin, rustFn(`${p.name}_fixed_event`, 'lookup'), `the lookup of ${p.name}.fixed_event`);
  }
  for (const f of model.functions) add(f.origin, rustFn(f.name), `function ${f.name}`);
  for (const p of model.pmus) add(p.origin, rustConst('PMU', p.name), `pmu ${p.name}`);
  for (const i of model.interfaces) {
    add(i.origin, rustType(i.name, 'In'), `the inputs of ${i.name}`);
    add(i.origin, rustType(i.name, 'Result'), `the result of ${i.name}`);
    add(i.origin, rustFn(i.name, 'defaults'), `the defaults of ${i.name}`);
  }
  for (const k of model.consumers)
    add(k.origin, rustFn(k.implements, k.name), `consumer ${k.name} of ${k.implements}`);
  return out;
}
