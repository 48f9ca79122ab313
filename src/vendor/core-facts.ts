/**
 * The facts a vendor core's lines give the tables: an arch block's
 * `vendor PMU = COMMAND given input = fact` binds them to the inputs of a
 * generic-map command (PM2312 when a name is not one of these).
 */
import type { MCore } from '../model/model.ts';

export const coreFacts = {
  /** Bit n set when the core lists common event n (0..31): PMCEID0_EL0 bits 31:0. */
  common_lo: 'int',
  /** Bit n set when the core lists common event 32 + n: PMCEID1_EL0 bits 31:0. */
  common_hi: 'int',
  /** Programmable counters the vendor lists events on. */
  counters: 'int',
  /** Bit k set for each fixed counter k the vendor lists (Clearwater Forest: 0x77). */
  fixed_mask: 'int',
  /** How many fixed counters run 0, 1, 2, ... without a hole (Clearwater Forest: 3). */
  fixed_prefix: 'int',
} as const;

export type CoreFact = keyof typeof coreFacts;

export function coreFactValues(core: MCore): Record<CoreFact, bigint> {
  let lo = 0n;
  let hi = 0n;
  for (const c of core.common) {
    const code = BigInt(c.code);
    if (code < 32n) lo |= 1n << code;
    else if (code < 64n) hi |= 1n << (code - 32n);
  }
  let mask = 0n;
  for (const f of core.fixed) mask |= 1n << BigInt(f.index);
  let prefix = 0n;
  while (mask & (1n << prefix)) prefix++;
  return {
    common_lo: lo,
    common_hi: hi,
    counters: BigInt(core.counters ?? 0),
    fixed_mask: mask,
    fixed_prefix: prefix,
  };
}

/** The interface inputs a `vendor` item gives for `core`: a fact, a constant, or a constant | fact. */
export function boundInputs(
  given: readonly { readonly input: string; readonly fact?: string; readonly value?: string }[],
  core: MCore,
): Record<string, bigint> {
  const facts = coreFactValues(core);
  const out: Record<string, bigint> = {};
  for (const g of given) {
    const fact = g.fact === undefined ? 0n : (facts[g.fact as CoreFact] ?? 0n);
    out[g.input] = (g.value === undefined ? 0n : BigInt(g.value)) | fact;
  }
  return out;
}
