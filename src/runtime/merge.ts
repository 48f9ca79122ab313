/** Merge per-source model parts (the generated tables) into one model. */
import type { Model } from '../model/model.ts';
import { emptyModel } from '../model/model.ts';

export function mergeModels(parts: readonly Model[]): Model {
  return parts.reduce<Model>((all, p) => {
    // Protocols only when some part has them, so other models keep their shape.
    const protocols = [...(all.protocols ?? []), ...(p.protocols ?? [])];
    const machines = [...(all.machines ?? []), ...(p.machines ?? [])];
    return {
      targets: [...all.targets, ...p.targets],
      enums: [...all.enums, ...p.enums],
      registers: [...all.registers, ...p.registers],
      features: [...all.features, ...p.features],
      tables: [...all.tables, ...p.tables],
      reasons: [...all.reasons, ...p.reasons],
      pmus: [...all.pmus, ...p.pmus],
      interfaces: [...all.interfaces, ...p.interfaces],
      consumers: [...all.consumers, ...p.consumers],
      examples: [...all.examples, ...p.examples],
      archs: [...all.archs, ...(p.archs ?? [])],
      functions: [...all.functions, ...(p.functions ?? [])],
      explores: [...all.explores, ...(p.explores ?? [])],
      cores: [...all.cores, ...(p.cores ?? [])],
      systems: [...all.systems, ...(p.systems ?? [])],
      ...(protocols.length > 0 ? { protocols, machines } : {}),
    };
  }, emptyModel);
}
