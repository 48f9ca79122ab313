/**
 * A register value decoded field by field (reserved fields only when they
 * are not zero), with the enum member a field's value names, its gate and
 * its tables line; and the pmu counter a register value programs.
 */
import type { MArch, MRegister, Model } from '../../model/model.ts';
import { printExpr } from '../../model/print-expr.ts';
import { decodeRegister } from '../../runtime/decode.ts';
import type { Tables } from '../../runtime/tables.ts';
import { memberName } from '../value-names.ts';

export interface DecodedField {
  readonly bits: string;
  readonly name: string;
  readonly value: bigint;
  readonly member?: string;
  readonly gate?: string;
  readonly reserved?: string;
  readonly source: string;
}

/** The fields through the runtime's one register decoder, named and sourced for explain. */
export function decode(model: Model, t: Tables, reg: MRegister, value: bigint): DecodedField[] {
  return decodeRegister(t, reg.name, value)
    .filter(({ field: f, value: v }) => !f.reserved || v !== 0n)
    .map(({ field: f, value: v }) => {
      const member = f.enum ? memberName(model, f.enum, v) : undefined;
      return {
        bits: f.msb === f.lsb ? `${f.msb}` : `${f.msb}:${f.lsb}`,
        name: f.reserved ?? f.name,
        value: v,
        ...(member ? { member } : {}),
        ...(f.gate ? { gate: printExpr(model, f.gate) } : {}),
        ...(f.reserved ? { reserved: f.reserved } : {}),
        source: f.origin,
      };
    });
}

/**
 * The counter a register value programs: the pmu counter declared `via` it
 * (an indexed register's index, or the one counter a plain register is the
 * `via` of). A plain register that is the `via` of a range of counters
 * does not say which one it programs: `range` names them, no counter is
 * assumed.
 */
export function counterOf(
  model: Model,
  arch: MArch,
  reg: MRegister,
  index: number | undefined,
): { counter?: number; range?: string } {
  const pmus = new Set(arch.host?.devices.map((d) => d.pmu));
  for (const p of model.pmus) {
    if (!pmus.has(p.name)) continue;
    for (const c of p.counters) {
      if (c.via !== reg.name) continue;
      if (reg.index) {
        if (index !== undefined && index >= c.lo && index <= c.hi) return { counter: index };
      } else return c.lo === c.hi ? { counter: c.lo } : { range: `${c.lo}..${c.hi}` };
    }
  }
  return {};
}
