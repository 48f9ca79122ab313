/**
 * Decode a register value into its fields, honouring gates: a field whose
 * gate is false under the given ID-register context reads as reserved
 * (RES0), as the Arm ARM says of evtCount[15:10] before PMUv3p1.
 */
import type { MField } from '../model/model.ts';
import { evaluate } from './evaluate.ts';
import type { Tables } from './tables.ts';
import { EvalError, extract } from './values.ts';

export interface DecodedField {
  readonly field: MField;
  readonly value: bigint;
  /** false when the gate does not hold; undefined when no context decides it. */
  readonly enabled?: boolean;
  /** The enum member name, for a typed field whose value is a member. */
  readonly member?: string;
}

export function decodeRegister(
  t: Tables,
  register: string,
  value: bigint,
  context?: ReadonlyMap<string, bigint>,
): DecodedField[] {
  const reg = t.registers.get(register);
  if (!reg) throw new EvalError(`unknown register '${register}'`);
  return reg.fields.map((field) => {
    const v = extract(value, BigInt(field.lsb), BigInt(field.msb - field.lsb + 1));
    let enabled: boolean | undefined;
    if (field.gate && context) {
      try {
        enabled = evaluate(t, field.gate, { vars: new Map(), registers: context }) === true;
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
      }
    }
    const en = field.enum ? t.model.enums.find((x) => x.name === field.enum) : undefined;
    const member = en?.members.find((m) => BigInt(m.value) === v)?.name;
    return {
      field,
      value: v,
      ...(enabled === undefined ? {} : { enabled }),
      ...(member ? { member } : {}),
    };
  });
}
