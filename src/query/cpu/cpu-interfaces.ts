/**
 * The interfaces the tables' whole-CPU commands run (`command NAME { ... }`
 * in an arch block). They read a whole CPU, so `cpuid LEAF` leaves them to
 * that command: one leaf is not their question, and their consumers would
 * answer under the names of the leaf's own readers.
 */
import type { Model } from '../../model/model.ts';

const known = new WeakMap<Model, ReadonlySet<string>>();

export function wholeCpuInterfaces(model: Model): ReadonlySet<string> {
  let names = known.get(model);
  if (!names) {
    const set = new Set<string>();
    for (const arch of model.archs)
      for (const cmd of arch.cpuCommands ?? []) {
        set.add(cmd.encode.interface);
        set.add(cmd.identify.interface);
        for (const v of cmd.vendors) for (const s of v.slots) set.add(s.interface);
      }
    names = set;
    known.set(model, names);
  }
  return names;
}
