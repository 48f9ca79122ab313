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
  return { common_lo: lo, common_hi: hi, counters: BigInt(core.counters ?? 0) };
}
