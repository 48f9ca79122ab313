/**
 * What the C and Rust targets cannot express, found once per model: the
 * naming problems (src/emit/native-names.ts) and the limits below. The
 * checker reports every one as a diagnostic at its site
 * (src/check/report-native-names.ts), so a model that compiled is one the
 * emitters accept; they still throw the first as an EmitError if handed
 * anything else.
 */
import type { Model } from '../model/model.ts';
import { C_PRELUDE_NAMES } from './c-prelude.ts';
import { C_CORE_TYPE_NAMES } from './native-cores.ts';
import type { Analysis } from './native-model.ts';
import { analyse, EmitError, fileOf, typeOfName } from './native-model.ts';
import {
  nativeNameMessage,
  nativeNameProblems,
  type NativeNameProblem,
  type NativeSite,
} from './native-names.ts';

/** A construct past a native limit: the message says which and why. */
export interface NativeLimitProblem {
  readonly kind: 'limit';
  readonly message: string;
  readonly site?: NativeSite;
}

export type NativeProblem = NativeNameProblem | NativeLimitProblem;

/** Names the generated code takes for itself, besides the C prelude's. */
const RUNTIME_NAMES = ['pmumap_reason_code'];

/** Inputs, outputs and warn steps are bits of a u64 mask (the `given`, `set` and `warnings` fields). */
const MASK_BITS = 64;

const prepared = new WeakSet<Model>();

/** Every source file that declares something in `model`. */
export function sourcesOf(model: Model): string[] {
  const lists = Object.values(model) as readonly (readonly { origin?: string }[])[];
  const files = lists.flatMap((l) => l.flatMap((x) => (x.origin ? [fileOf(x.origin)] : [])));
  return [...new Set(files)].sort();
}

function limitProblems(model: Model): NativeLimitProblem[] {
  const out: NativeLimitProblem[] = [];
  for (const i of model.interfaces) {
    const site = { origin: i.origin, name: i.name };
    for (const [list, what] of [
      [i.inputs, 'inputs'],
      [i.outputs, 'outputs'],
    ] as const) {
      if (list.length > MASK_BITS)
        out.push({
          kind: 'limit',
          message: `interface '${i.name}' has ${list.length} ${what}; C and Rust carry them as bits of a u64 mask, so at most ${MASK_BITS}`,
          site,
        });
    }
    for (const o of i.outputs) {
      if (typeOfName(model, o.type) === 'ranges')
        out.push({
          kind: 'limit',
          message: `output '${o.name}' of '${i.name}' is a list of ranges, which the C and Rust results cannot hold`,
          site: { origin: i.origin, name: o.name },
        });
    }
  }
  for (const c of model.consumers) {
    const warns = c.steps.filter((s) => s.kind === 'warn').length;
    if (warns > MASK_BITS)
      out.push({
        kind: 'limit',
        message: `consumer '${c.name}' has ${warns} warn steps; C and Rust carry them as bits of a u64 mask, so at most ${MASK_BITS}`,
        site: { origin: c.origin, name: c.name },
      });
  }
  // Reasons may be declared in several files (one enum holds them all), but
  // the Rust enum is repr(u16) and a pmu's number a u32.
  for (const [list, max, what] of [
    [model.reasons.map((r) => ({ ...r, name: r.code })), 0xffff, 'reason'],
    [model.pmus, 0xffffffff, 'pmu'],
  ] as const) {
    for (const x of list) {
      if (x.id !== undefined && x.id > max)
        out.push({
          kind: 'limit',
          message: `${what} '${x.name}' has number ${x.id}; the C and Rust outputs hold at most ${max}`,
          site: { origin: x.origin, name: String(x.id) },
        });
    }
  }
  return out;
}

/** Every pmu property an expression of the model reads (`pmu.translates`, `p.counters`). */
function propertiesRead(model: Model): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['op'] === 'prop' && typeof o['name'] === 'string') names.add(o['name']);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(model);
  return [...names].sort();
}

/** Where a property is declared: its first `let`, or for `counters` the counter past bit 63. */
function propertySite(model: Model, name: string): NativeSite | undefined {
  for (const p of model.pmus) {
    const prop = p.props.find((x) => x.name === name);
    if (prop) return { origin: prop.origin, name };
    const wide = name === 'counters' ? p.counters.find((c) => c.hi > 63) : undefined;
    if (wide) return { origin: wide.origin, name: String(wide.hi) };
  }
  return model.pmus[0] ? { origin: model.pmus[0].origin, name: model.pmus[0].name } : undefined;
}

/**
 * The pmu properties the generated code reads are constants per pmu,
 * computed by the emitters' analysis: one type across pmus, a value that
 * evaluates, a counter mask within 64 bits. The analysis is the emitters'
 * own; each property it refuses is a problem here.
 */
function propertyProblems(model: Model): NativeLimitProblem[] {
  const names = propertiesRead(model);
  if (names.length === 0) return [];
  let a: Analysis;
  try {
    a = analyse(model);
  } catch (e) {
    if (!(e instanceof EmitError)) throw e;
    return []; // a number given twice: check says so (PM2341)
  }
  const out: NativeLimitProblem[] = [];
  for (const name of names) {
    try {
      a.prop(name);
    } catch (e) {
      if (!(e instanceof EmitError)) throw e;
      const site = propertySite(model, name);
      out.push({ kind: 'limit', message: e.message, ...(site ? { site } : {}) });
    }
  }
  return out;
}

/** Everything that keeps `model` from C and Rust, in a stable order. */
export function nativeProblems(model: Model): NativeProblem[] {
  return [
    ...limitProblems(model),
    ...propertyProblems(model),
    ...nativeNameProblems(model, sourcesOf(model), [
      ...C_PRELUDE_NAMES,
      ...C_CORE_TYPE_NAMES,
      ...RUNTIME_NAMES,
    ]),
  ];
}

export function nativeProblemMessage(p: NativeProblem): string {
  return p.kind === 'limit' ? p.message : nativeNameMessage(p);
}

/** The model's analysis, after checking that C and Rust can express it. */
export function prepareNative(model: Model): Analysis {
  if (!prepared.has(model)) {
    const first = nativeProblems(model)[0];
    if (first) throw new EmitError(nativeProblemMessage(first));
    prepared.add(model);
  }
  return analyse(model);
}
