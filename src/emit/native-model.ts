/**
 * What the C and Rust emitters share: identifier spelling, the static types
 * of model expressions (int, bool, pmu, table, ranges), which expressions
 * can fail at run time (a key not in a table, a pmu without a property),
 * pmu and reason numbering, and the pmu properties, evaluated once here by
 * the runtime (they are constants). Anything the native targets cannot
 * express is an EmitError naming it; nothing here touches files.
 */
import type { Model } from '../model/model.ts';
import { evaluate } from '../runtime/evaluate.ts';
import { fixedEventTable, loadTables, type Tables } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';
import { EvalError, U64_MASK } from '../runtime/values.ts';
import { byOrigin, nativeIds } from './native-ids.ts';

/** A construct the C or Rust emitter cannot express; `pmumap gen` reports it as an error. */
export class EmitError extends Error {
  override readonly name = 'EmitError';
}

export type NType = 'int' | 'bool' | 'pmu' | 'table' | 'ranges';

/** `tables/arm64/pmus.pmumap:4` -> `tables/arm64/pmus.pmumap`. */
export const fileOf = (origin: string): string => origin.replace(/:\d+$/, '');

/** Letters, digits and single underscores only: `kvm-5.18` -> `kvm_5_18`, `PMEVTYPER<n>_EL0` -> `PMEVTYPER_n_EL0`. */
export function sanitize(name: string): string {
  const s = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') throw new EmitError(`'${name}' has no letters or digits to name a C or Rust item`);
  return s;
}
export const lower = (name: string): string => sanitize(name).toLowerCase();
export const upper = (name: string): string => sanitize(name).toUpperCase();
/** `kvm_evtype_write` -> `KvmEvtypeWrite`, `NOT_IMPLEMENTED` -> `NotImplemented`. */
export const camel = (name: string): string =>
  lower(name)
    .split('_')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join('');

/** A table the generated code can name: a model table, or a pmu's derived `fixed_event`. */
export interface TableInfo {
  readonly name: string;
  readonly file: string;
  readonly entries: readonly { readonly key: bigint; readonly value: bigint }[];
}

/** A pmu property: its type and its constant value for each pmu that has it. */
export interface PropInfo {
  readonly type: NType;
  readonly values: ReadonlyMap<string, Value>;
}

export interface Analysis {
  readonly model: Model;
  readonly tables: Tables;
  /** Pmu name -> id (declared, src/emit/native-ids.ts; 0 is no pmu). */
  readonly pmuIds: ReadonlyMap<string, number>;
  readonly pmuFile: ReadonlyMap<string, string>;
  /** Reason code -> value (declared, src/emit/native-ids.ts; 0 is no reason), by value. */
  readonly reasonIds: ReadonlyMap<string, number>;
  /** The file whose C header and Rust module hold every reason (the lowest number's). */
  readonly reasonFile: string | undefined;
  readonly tableInfo: (name: string) => TableInfo;
  readonly prop: (name: string) => PropInfo;
}

const analyses = new WeakMap<Model, Analysis>();

/** The analysis of `model` (computed once per model). */
export function analyse(model: Model): Analysis {
  const known = analyses.get(model);
  if (known) return known;
  const tables = loadTables(model);
  const pmus = byOrigin(model.pmus);
  const pmuNumbers = nativeIds(model.pmus, (p) => p.name);
  const reasonNumbers = nativeIds(model.reasons, (r) => r.code);
  for (const [what, n] of [
    ['pmu', pmuNumbers],
    ['reason', reasonNumbers],
  ] as const) {
    const [item, other, id] = n.duplicates[0] ?? [];
    if (item) throw new EmitError(`${what} '${item}' has number ${id}, as '${other}' has`);
  }
  const pmuIds = new Map(pmus.map((p) => [p.name, pmuNumbers.ids.get(p.name) ?? 0]));
  const pmuFile = new Map(pmus.map((p) => [p.name, fileOf(p.origin)]));
  // Every reason in one C enum and one Rust enum, in the header or module of
  // the file declaring the lowest number: a new reasons file never moves it.
  const reasons = [...model.reasons].sort(
    (x, y) => (reasonNumbers.ids.get(x.code) ?? 0) - (reasonNumbers.ids.get(y.code) ?? 0),
  );
  const reasonFile = reasons[0] ? fileOf(reasons[0].origin) : undefined;
  const props = new Map<string, PropInfo>();
  const a: Analysis = {
    model,
    tables,
    pmuIds,
    pmuFile,
    reasonIds: new Map(reasons.map((r) => [r.code, reasonNumbers.ids.get(r.code) ?? 0])),
    reasonFile,
    tableInfo: (name) => tableInfo(model, tables, name),
    prop: (name) => {
      let p = props.get(name);
      if (!p) {
        p = propInfo(a, name);
        props.set(name, p);
      }
      return p;
    },
  };
  analyses.set(model, a);
  return a;
}

function tableInfo(model: Model, tables: Tables, name: string): TableInfo {
  const map = tables.tables.get(name);
  if (!map) throw new EmitError(`unknown table '${name}'`);
  const derived = /^(.*)#fixed_event$/.exec(name);
  const pmu = derived ? model.pmus.find((p) => p.name === derived[1]) : undefined;
  const table = model.tables.find((t) => t.name === name);
  const origin = pmu?.origin ?? table?.origin;
  if (!origin) throw new EmitError(`unknown table '${name}'`);
  return {
    name: pmu ? `${pmu.name}_fixed_event` : name,
    file: fileOf(origin),
    entries: [...map].map(([key, value]) => ({ key, value })),
  };
}

function valueType(v: Value): NType {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  return v.kind;
}

function propInfo(a: Analysis, name: string): PropInfo {
  const values = new Map<string, Value>();
  for (const pmu of a.model.pmus) {
    let v: Value | undefined;
    if (name === 'fixed_event') v = { kind: 'table', name: fixedEventTable(pmu.name) };
    else if (name === 'counters') {
      let mask = 0n;
      for (const c of pmu.counters) for (let i = c.lo; i <= c.hi; i++) mask |= 1n << BigInt(i);
      if (mask > U64_MASK) throw new EmitError(`pmu '${pmu.name}' has a counter index above 63`);
      v = mask;
    } else {
      const p = pmu.props.find((x) => x.name === name);
      if (p && 'table' in p) v = { kind: 'table', name: p.table };
      else if (p) {
        try {
          v = evaluate(a.tables, p.value);
        } catch (e) {
          if (!(e instanceof EvalError)) throw e;
          throw new EmitError(`pmu '${pmu.name}' property '${name}': ${e.message}`);
        }
      }
    }
    if (v !== undefined) values.set(pmu.name, v);
  }
  const types = new Set([...values.values()].map(valueType));
  const [type] = types;
  if (types.size !== 1 || type === undefined || type === 'ranges') {
    throw new EmitError(
      `pmu property '${name}' has no single type across pmus (${[...types].join(', ') || 'none'})`,
    );
  }
  return { type, values };
}

/** The native type of a declared type name (interface inputs and outputs, fn parameters). */
export function typeOfName(model: Model, type: string): NType {
  if (type === 'bool') return 'bool';
  if (type === 'ranges' || type.startsWith('ranges<')) return 'ranges';
  if (model.pmus.some((p) => p.name === type)) return 'pmu';
  return 'int';
}

/** The hex literal digits of a u64 constant. */
export function hex(v: bigint | string): string {
  const n = typeof v === 'bigint' ? v : BigInt(v);
  if (n < 0n || n > U64_MASK) throw new EmitError(`constant ${String(v)} is not a u64`);
  return `0x${n.toString(16)}`;
}
