/**
 * What the cores of a `system` (big.LITTLE, hybrid) share: the encodings
 * every core lists, whether they carry the same name everywhere (an
 * IMPLEMENTATION DEFINED number can mean different things on different
 * cores), and the generic perf events that map to the same listed encoding
 * on all of them: what a vCPU migrating between the cores can count alike.
 */
import type { Model, MSystem } from '../model/model.ts';
import type { Tables } from '../runtime/tables.ts';
import type { CoreGeneric } from './core-generic.ts';
import { coreEncodings, sharedEncodings } from '../vendor/core-encodings.ts';
import { coreGeneric } from './core-generic.ts';

export interface SystemShare {
  readonly name: string;
  readonly doc?: string;
  readonly origin: string;
  readonly cores: readonly { readonly name: string; readonly encodings: number }[];
  /** Encodings every core lists under one name. */
  readonly sameName: number;
  /** Encodings every core lists, under different names: each core's name. */
  readonly differentNames: readonly {
    readonly encoding: string;
    readonly names: readonly string[];
  }[];
  /** Per generic event: the encoding, if every core maps it to the same listed one. */
  readonly generic: readonly {
    readonly generic: string;
    readonly shared?: string;
    readonly perCore: readonly string[];
  }[];
}

export function systemShares(model: Model, t: Tables): SystemShare[] {
  return model.systems.flatMap((s) => {
    const cores = s.cores.flatMap((n) => model.cores.filter((c) => c.name === n));
    return cores.length === s.cores.length ? [share(model, t, s, cores)] : [];
  });
}

function share(model: Model, t: Tables, s: MSystem, cores: Model['cores'][number][]): SystemShare {
  const { sameName, differentNames } = sharedEncodings(cores);
  const generics = cores.map((c) => coreGeneric(model, t, c));
  const ids =
    generics.find((g): g is CoreGeneric => g !== undefined)?.rows.map((r) => r.generic) ?? [];
  const generic = ids.map((id) => {
    const cells = generics.map((g) => g?.rows.find((r) => r.generic === id));
    const perCore = cells.map((r) =>
      !r
        ? 'no vendor item'
        : r.refused
          ? r.refused.code
          : r.listed.length
            ? (r.value ?? '')
            : `${r.value} (not listed)`,
    );
    const value = cells[0]?.value;
    const shared =
      value !== undefined && cells.every((r) => r?.value === value && r.listed.length > 0)
        ? value
        : undefined;
    return { generic: id, ...(shared ? { shared } : {}), perCore };
  });
  return {
    name: s.name,
    ...(s.doc ? { doc: s.doc } : {}),
    origin: s.origin,
    cores: cores.map((c) => ({ name: c.name, encodings: coreEncodings(c).size })),
    sameName,
    differentNames,
    generic,
  };
}
