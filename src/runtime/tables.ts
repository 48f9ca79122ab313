/**
 * A model indexed for evaluation: by-name maps, tables as Map<bigint,bigint>,
 * and each pmu's properties with inheritance already applied by the compiler.
 */
import type {
  MConsumer,
  MExpr,
  MFeature,
  MInterface,
  MPmu,
  MRegister,
  Model,
} from '../model/model.ts';

export interface Tables {
  readonly model: Model;
  readonly registers: ReadonlyMap<string, MRegister>;
  readonly features: ReadonlyMap<string, MFeature>;
  readonly tables: ReadonlyMap<string, ReadonlyMap<bigint, bigint>>;
  readonly pmus: ReadonlyMap<string, MPmu>;
  readonly interfaces: ReadonlyMap<string, MInterface>;
  readonly consumers: ReadonlyMap<string, MConsumer>;
  /** Per pmu: its fixed counters as a table counter index -> event (the `fixed_event` property). */
  readonly fixedEvents: ReadonlyMap<string, ReadonlyMap<bigint, MExpr>>;
}

const byName = <T extends { readonly name: string }>(list: readonly T[]): Map<string, T> =>
  new Map(list.map((x) => [x.name, x]));

/** Index a compiled model for the runtime. */
export function loadTables(model: Model): Tables {
  const tables = new Map<string, Map<bigint, bigint>>();
  for (const t of model.tables) {
    tables.set(t.name, new Map(t.entries.map((e) => [BigInt(e.key), BigInt(e.value)])));
  }
  const fixedEvents = new Map<string, Map<bigint, MExpr>>();
  for (const pmu of model.pmus) {
    const fixed = new Map<bigint, MExpr>();
    for (const c of pmu.counters) {
      if (!c.fixed) continue;
      for (let i = c.lo; i <= c.hi; i++) fixed.set(BigInt(i), c.fixed);
    }
    fixedEvents.set(pmu.name, fixed);
  }
  return {
    model,
    registers: byName(model.registers),
    features: byName(model.features),
    tables,
    pmus: byName(model.pmus),
    interfaces: byName(model.interfaces),
    consumers: byName(model.consumers),
    fixedEvents,
  };
}
