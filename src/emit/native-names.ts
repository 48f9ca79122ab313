/**
 * How model names are spelled in the generated C headers and Rust modules.
 * C: every type and function is `pmumap_<name>`, every macro and enumerator
 * `PMUMAP_<NAME>`, so headers can share one translation unit; the shared
 * runtime uses `pmumap__` / `PMUMAP__`, which no model name can produce.
 * Rust: one module per source in one crate, `<stem>` with `-` as `_`;
 * items keep the same spellings without the prefix. Test drivers use these functions too.
 */
import type { Model } from '../model/model.ts';
import { camel, EmitError, fileOf, lower, sanitize, upper } from './native-model.ts';
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
/** A vendor core's macros (`ID`, `COUNTERS`, `NR_EVENTS`) and event array (src/emit/native-cores.ts). */
export const cCoreMacro = (core: string, what: 'ID' | 'COUNTERS' | 'NR_EVENTS'): string =>
  `PMUMAP_CORE_${upper(core)}_${what}`;
export const cCoreEvents = (core: string): string => `pmumap_core_${lower(core)}_events`;
export const cSystemNrCores = (system: string): string => `PMUMAP_SYSTEM_${upper(system)}_NR_CORES`;
export const cSystemCores = (system: string): string => `pmumap_system_${lower(system)}_cores`;

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

/** Where a model item is declared: its origin (`file:line`) and the name to point at there. */
export interface NativeSite {
  readonly origin: string;
  readonly name: string;
}

/**
 * Something that keeps the model from being spelled in C and Rust: two
 * items that would share one identifier, a name with nothing to spell, an
 * output named like a result field. The checker reports each at its site
 * (src/check/report-native-names.ts), so `pmumap check` fails where
 * `pmumap gen` would; the emitters throw the first as an EmitError.
 */
export type NativeNameProblem =
  | {
      readonly kind: 'clash';
      readonly lang: 'C' | 'Rust';
      readonly id: string;
      readonly what: string;
      readonly site?: NativeSite;
      readonly first: string;
      readonly firstSite?: NativeSite;
    }
  | { readonly kind: 'empty'; readonly name: string; readonly site?: NativeSite }
  | {
      readonly kind: 'result-field';
      readonly output: string;
      readonly iface: string;
      readonly field: string;
      readonly site?: NativeSite;
    };

/** The message an EmitError (and the diagnostic's text) carries. */
export function nativeNameMessage(p: NativeNameProblem): string {
  if (p.kind === 'clash')
    return `${p.lang} identifier '${p.id}' would name both ${p.first} and ${p.what}`;
  if (p.kind === 'empty') return `'${p.name}' has no letters or digits to name a C or Rust item`;
  return `output '${p.output}' of '${p.iface}' would reuse a result field name`;
}

interface Named {
  readonly id: string;
  readonly what: string;
  readonly site?: NativeSite;
}

/** Collects names; a name that cannot be spelled is a problem, not an exception. */
class NameList {
  readonly items: Named[] = [];
  private readonly problems: NativeNameProblem[];
  constructor(problems: NativeNameProblem[]) {
    this.problems = problems;
  }

  add(spell: () => string, what: string, site?: NativeSite): void {
    try {
      this.items.push({ id: spell(), what, ...(site ? { site } : {}) });
    } catch (e) {
      if (!(e instanceof EmitError)) throw e;
      // sanitize() refuses a name with no letters or digits: report the item's name once.
      const name = site?.name ?? what;
      if (
        !this.problems.some(
          (p) => p.kind === 'empty' && p.name === name && p.site?.origin === site?.origin,
        )
      )
        this.problems.push({ kind: 'empty', name, ...(site ? { site } : {}) });
    }
  }

  clashes(lang: 'C' | 'Rust', key: (n: Named) => string = (n) => n.id): void {
    const seen = new Map<string, Named>();
    for (const n of this.items) {
      const prior = seen.get(key(n));
      if (prior === undefined) {
        seen.set(key(n), n);
        continue;
      }
      this.problems.push({
        kind: 'clash',
        lang,
        id: n.id,
        what: n.what,
        ...(n.site ? { site: n.site } : {}),
        first: prior.what,
        ...(prior.site ? { firstSite: prior.site } : {}),
      });
    }
  }
}

/** Every C and Rust naming problem of `model`, in a stable order. */
export function nativeNameProblems(
  model: Model,
  sources: readonly string[],
  reserved: readonly string[],
): NativeNameProblem[] {
  const problems: NativeNameProblem[] = [];
  const at = (origin: string, name: string): NativeSite => ({ origin, name });
  const modules = new NameList(problems);
  for (const m of RUST_CRATE_MODULES) modules.add(() => m, `the crate's own module ${m}`);
  for (const s of sources) modules.add(() => rustModule(s), `the module of ${s}`, at(`${s}:1`, ''));
  modules.clashes('Rust');

  const c = new NameList(problems);
  for (const s of sources) c.add(() => cGuard(s), `the header of ${s}`, at(`${s}:1`, ''));
  for (const r of reserved) c.add(() => r, 'the pmumap runtime');
  for (const e of model.enums)
    for (const m of e.members)
      c.add(() => cMember(e.name, m.name), `${e.name}.${m.name}`, at(m.origin, m.name));
  for (const t of model.targets)
    for (const ty of t.types) {
      c.add(() => cTarget(t.name, ty.name), `${t.name}.${ty.name}`, at(ty.origin, ty.name));
      for (const id of ty.ids ?? [])
        c.add(
          () => cTarget(t.name, ty.name, id.name),
          `${t.name}.${ty.name}.${id.name}`,
          at(id.origin, id.name),
        );
    }
  for (const r of model.registers)
    for (const f of r.fields)
      if (!f.reserved)
        c.add(
          () => cField(r.name, f.name, 'MASK'),
          `field ${r.name}.${f.name}`,
          at(r.origin, f.name),
        );
  const table = (name: string, what: string, site: NativeSite): void => {
    for (const suffix of ['_entries', '_table', '_lookup'])
      c.add(() => cTable(name) + suffix, what, site);
  };
  for (const p of model.pmus) {
    c.add(() => cPmu(p.name), `pmu ${p.name}`, at(p.origin, p.name));
    table(`${p.name}_fixed_event`, `the fixed_event table of pmu ${p.name}`, at(p.origin, p.name));
  }
  for (const r of model.reasons)
    c.add(() => cReason(r.code), `reason ${r.code}`, at(r.origin, r.code));
  c.add(() => cReason('NONE'), 'the absent reason');
  for (const t of model.tables) table(t.name, `table ${t.name}`, at(t.origin, t.name));
  for (const f of model.functions)
    c.add(() => cFn(f.name), `function ${f.name}`, at(f.origin, f.name));
  for (const i of model.interfaces) {
    const site = at(i.origin, i.name);
    c.add(() => cIn(i.name), `the inputs of ${i.name}`, site);
    c.add(() => cResult(i.name), `the result of ${i.name}`, site);
    c.add(() => cDefaults(i.name), `the defaults of ${i.name}`, site);
    for (const x of i.inputs)
      c.add(() => cInBit(i.name, x.name), `input ${i.name}.${x.name}`, at(i.origin, x.name));
    for (const x of i.outputs) {
      c.add(() => cOutBit(i.name, x.name), `output ${i.name}.${x.name}`, at(i.origin, x.name));
      // A name with nothing to spell is reported by c.add above.
      const field = /[A-Za-z0-9]/.test(x.name) ? fieldName(x.name) : undefined;
      if (field !== undefined && RESULT_FIELDS.includes(field))
        problems.push({
          kind: 'result-field',
          output: x.name,
          iface: i.name,
          field,
          site: at(i.origin, x.name),
        });
    }
  }
  for (const k of model.consumers) {
    c.add(
      () => cConsumer(k.implements, k.name),
      `consumer ${k.name} of ${k.implements}`,
      at(k.origin, k.name),
    );
    const warns = k.steps.filter((s) => s.kind === 'warn');
    warns.forEach((w, n) => {
      const label = w.label ?? `W${n}`;
      c.add(
        () => cWarnBit(k.implements, k.name, w.label !== undefined ? sanitize(w.label) : label),
        `warn ${label} of ${k.name}`,
        at(w.origin, w.label ?? 'warn'),
      );
    });
  }
  for (const k of model.cores) {
    const site = at(k.origin, k.name);
    for (const what of ['ID', 'COUNTERS', 'NR_EVENTS'] as const)
      c.add(() => cCoreMacro(k.name, what), `core ${k.name}`, site);
    c.add(() => cCoreEvents(k.name), `core ${k.name}`, site);
  }
  for (const y of model.systems) {
    const site = at(y.origin, y.name);
    c.add(() => cSystemNrCores(y.name), `system ${y.name}`, site);
    c.add(() => cSystemCores(y.name), `system ${y.name}`, site);
  }
  c.clashes('C');

  const rust = new NameList(problems);
  rustNames(model, rust);
  // Rust items live per module: two items of one source may not share a name.
  rust.clashes('Rust', (n) => `${n.site ? fileOf(n.site.origin) : ''}::${n.id}`);
  // Two items that clash once clash in every name derived from them
  // (`_entries`, `_table`, `_lookup`, the Rust twin): the first says it.
  const pairs = new Set<string>();
  return problems.filter((p) => {
    if (p.kind !== 'clash') return true;
    const item = (site: NativeSite | undefined, what: string) =>
      site ? `${site.origin} ${site.name}` : what;
    const key = [item(p.firstSite, p.first), item(p.site, p.what)].sort().join('\u0000');
    if (pairs.has(key)) return false;
    pairs.add(key);
    return true;
  });
}

/** Fail when two model items would get one C or Rust identifier (the checker reported it already). */
export function checkNames(
  model: Model,
  sources: readonly string[],
  reserved: readonly string[],
): void {
  const first = nativeNameProblems(model, sources, reserved)[0];
  if (first) throw new EmitError(nativeNameMessage(first));
}

function rustNames(model: Model, out: NameList): void {
  const at = (origin: string, name: string): NativeSite => ({ origin, name });
  for (const e of model.enums)
    for (const m of e.members)
      out.add(() => rustConst(e.name, m.name), `${e.name}.${m.name}`, at(m.origin, m.name));
  for (const r of model.registers)
    for (const f of r.fields)
      if (!f.reserved)
        out.add(
          () => rustConst(r.name, f.name, 'MASK'),
          `${r.name}.${f.name}`,
          at(r.origin, f.name),
        );
  for (const t of model.tables) {
    out.add(() => rustConst(t.name), `table ${t.name}`, at(t.origin, t.name));
    out.add(() => rustFn(t.name, 'lookup'), `the lookup of ${t.name}`, at(t.origin, t.name));
  }
  for (const p of model.pmus) {
    const site = at(p.origin, p.name);
    out.add(
      () => rustConst(`${p.name}_fixed_event`),
      `the fixed_event table of pmu ${p.name}`,
      site,
    );
    out.add(
      () => rustFn(`${p.name}_fixed_event`, 'lookup'),
      `the lookup of ${p.name}.fixed_event`,
      site,
    );
  }
  for (const f of model.functions)
    out.add(() => rustFn(f.name), `function ${f.name}`, at(f.origin, f.name));
  for (const p of model.pmus)
    out.add(() => rustConst('PMU', p.name), `pmu ${p.name}`, at(p.origin, p.name));
  for (const i of model.interfaces) {
    const site = at(i.origin, i.name);
    out.add(() => rustType(i.name, 'In'), `the inputs of ${i.name}`, site);
    out.add(() => rustType(i.name, 'Result'), `the result of ${i.name}`, site);
    out.add(() => rustFn(i.name, 'defaults'), `the defaults of ${i.name}`, site);
  }
  for (const k of model.consumers)
    out.add(
      () => rustFn(k.implements, k.name),
      `consumer ${k.name} of ${k.implements}`,
      at(k.origin, k.name),
    );
  for (const k of model.cores)
    for (const what of ['ID', 'COUNTERS', 'EVENTS'])
      out.add(() => rustConst('CORE', k.name, what), `core ${k.name}`, at(k.origin, k.name));
  for (const y of model.systems)
    out.add(() => rustConst('SYSTEM', y.name, 'CORES'), `system ${y.name}`, at(y.origin, y.name));
}
