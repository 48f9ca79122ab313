/**
 * What belongs to an architecture: everything its arch block reaches in the
 * model. From the arch's commands, modes, vendor and host items, every name
 * an item mentions (an enum, table, register, pmu, interface, function,
 * target or feature) is reached in turn, and an interface brings the
 * consumers that implement it. Shared tables (linux/perf's targets and
 * reasons) are in every arch that uses them; another arch's events are
 * not. `explain ARCH` looks names up here, so `explain arm64 INSTRUCTIONS`
 * cannot answer with another architecture's event.
 */
import type { MArch, Model } from './model.ts';

type Named = { readonly name: string };

export function archScope(model: Model, arch: MArch): Model {
  const byName = new Map<string, object[]>();
  const add = (name: string, item: object) => byName.set(name, [...(byName.get(name) ?? []), item]);
  for (const list of [
    model.enums,
    model.tables,
    model.registers,
    model.pmus,
    model.interfaces,
    model.functions,
    model.targets,
    model.features,
  ] as readonly (readonly Named[])[]) {
    for (const x of list) add(x.name, x);
  }
  const reached = new Set<object>();
  const queue: unknown[] = [arch];
  const reach = (item: object): void => {
    if (reached.has(item)) return;
    reached.add(item);
    queue.push(item);
  };
  while (queue.length > 0) {
    const v = queue.pop();
    if (typeof v === 'string') {
      for (const item of byName.get(v) ?? []) reach(item);
      // A pmu table is named `pmu.table` and pmu-derived ones `pmu#fixed_event`.
      const owner = /^([^.#]+)[.#]/.exec(v)?.[1];
      if (owner) for (const item of byName.get(owner) ?? []) reach(item);
    } else if (Array.isArray(v)) queue.push(...(v as unknown[]));
    else if (v !== null && typeof v === 'object') {
      if (model.interfaces.includes(v as Model['interfaces'][number])) {
        const name = (v as Named).name;
        for (const c of model.consumers) if (c.implements === name) reach(c);
      }
      for (const [key, x] of Object.entries(v))
        if (key !== 'doc' && key !== 'origin') queue.push(x);
    }
  }
  const keep = <T extends object>(list: readonly T[]): T[] => list.filter((x) => reached.has(x));
  return {
    ...model,
    targets: keep(model.targets),
    enums: keep(model.enums),
    registers: keep(model.registers),
    features: keep(model.features),
    tables: keep(model.tables),
    pmus: keep(model.pmus),
    interfaces: keep(model.interfaces),
    consumers: keep(model.consumers),
    functions: keep(model.functions),
    archs: [arch],
  };
}
