/**
 * A model indexed for evaluation: by-name maps, tables as Map<bigint,bigint>,
 * and each pmu's properties with inheritance already applied by the compiler.
 */
import type {
  MConsumer,
  MExpr,
  MFeature,
  MFunction,
  MInterface,
  MPmu,
  MRegister,
  Model,
} from '../model/model.ts';

export interface Tables {
  readonly model: Model;
  readonly registers: ReadonlyMap<string, MRegister>;
  readonly features: ReadonlyMap<string, MFeature>;
  readonly functions: ReadonlyMap<string, MFunction>;
  readonly tables: ReadonlyMap<string, ReadonlyMap<bigint, bigint>>;
  readonly pmus: ReadonlyMap<string, MPmu>;
  readonly interfaces: ReadonlyMap<string, MInterface>;
  /** Consumers by name; one name may answer several interfaces. */
  readonly consumers: ReadonlyMap<string, readonly MConsumer[]>;
}

/** The name under which a pmu's derived `fixed_event` table (counter index -> event) is stored. */
export function fixedEventTable(pmu: string): string {
  return `${pmu}#fixed_event`;
}

function constant(e: MExpr, where: string): bigint {
  if (e.op === 'const') return BigInt(e.value);
  throw new Error(`internal: ${where} is not a constant`);
}

const byName = <T extends { readonly name: string }>(list: readonly T[]): Map<string, T> =>
  new Map(list.map((x) => [x.name, x]));

function groupByName<T extends { readonly name: string }>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) out.set(x.name, [...(out.get(x.name) ?? []), x]);
  return out;
}

/**
 * The consumer `name`, of interface `iface` when given. Undefined when no
 * such consumer exists or when the name answers several interfaces and
 * none was given.
 */
export function findConsumer(t: Tables, name: string, iface?: string): MConsumer | undefined {
  const all = t.consumers.get(name) ?? [];
  if (iface !== undefined) return all.find((c) => c.implements === iface);
  return all.length === 1 ? all[0] : undefined;
}

/** Index a compiled model for the runtime. */
export function loadTables(model: Model): Tables {
  const tables = new Map<string, Map<bigint, bigint>>();
  for (const t of model.tables) {
    tables.set(t.name, new Map(t.entries.map((e) => [BigInt(e.key), BigInt(e.value)])));
  }
  for (const pmu of model.pmus) {
    const fixed = new Map<bigint, bigint>();
    for (const c of pmu.counters) {
      if (!c.fixed) continue;
      const event = constant(c.fixed, `the event of ${pmu.name} counter ${c.lo}`);
      for (let i = c.lo; i <= c.hi; i++) fixed.set(BigInt(i), event);
    }
    tables.set(fixedEventTable(pmu.name), fixed);
  }
  return {
    model,
    registers: byName(model.registers),
    features: byName(model.features),
    functions: byName(model.functions),
    tables,
    pmus: byName(model.pmus),
    interfaces: byName(model.interfaces),
    consumers: groupByName(model.consumers),
  };
}
