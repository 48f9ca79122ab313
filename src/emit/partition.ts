/**
 * Split a model by the source file each entity was declared in, so each
 * tables/*.pmumap gets its own generated files.
 */
import type { Model } from '../model/model.ts';

const fileOf = (origin: string): string => origin.replace(/:\d+$/, '');

/** The part of `model` declared in `source`. */
export function partOf(model: Model, source: string): Model {
  const mine = <T extends { readonly origin: string }>(list: readonly T[]): T[] =>
    list.filter((x) => fileOf(x.origin) === source);
  const protocols = mine(model.protocols ?? []);
  const machines = mine(model.machines ?? []);
  return {
    targets: mine(model.targets),
    enums: mine(model.enums),
    registers: mine(model.registers),
    features: mine(model.features),
    tables: mine(model.tables),
    reasons: mine(model.reasons),
    pmus: mine(model.pmus),
    interfaces: mine(model.interfaces),
    consumers: mine(model.consumers),
    examples: mine(model.examples),
    archs: mine(model.archs),
    functions: mine(model.functions),
    explores: mine(model.explores),
    cores: mine(model.cores),
    systems: mine(model.systems),
    ...(protocols.length > 0 || machines.length > 0 ? { protocols, machines } : {}),
  };
}
