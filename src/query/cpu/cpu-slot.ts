/**
 * One slot of a whole-CPU command for one CPU: who the CPU is (the
 * identify interface), the `for` block its vendor picks, and that block's
 * interface for the slot with its inputs bound from the CPU's registers.
 * An arch command with `identity CPU.SLOT` (generic x86 -> cpu x86's
 * generic slot) hands its question here once the CPU's identity is given,
 * so it answers as the whole-CPU command does.
 */
import type { MCpuCommand, MInterface, Model } from '../../model/model.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { givenInputs, identifyCpu, inputsFor } from './cpu-answer.ts';
import { vendorText } from './cpu-values.ts';

export interface CpuSlot {
  /** Who the CPU is, as `cpu` prints it: vendor (its string), then the identify outputs (family, model...). */
  readonly identity: Record<string, unknown>;
  readonly iface: MInterface;
  /** The slot's default consumer (none: every consumer, a guest slot). */
  readonly consumer?: string;
  /** The input the slot runs once per member of. */
  readonly over?: string;
  /** The slot interface's inputs bound from the registers and the block's `given`. */
  readonly inputs: Readonly<Record<string, Value>>;
}

/** The slot `slotName` for the CPU these registers describe, or why there is none (a sentence). */
export function cpuSlot(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  values: ReadonlyMap<string, bigint>,
  slotName: string,
): CpuSlot | string {
  const id = identifyCpu(model, tables, command, values);
  if (!id) return `the identify interface ${command.identify.interface} is not in the model`;
  if (!id.result) return `the CPU's ${id.missing.join(', ')} are unknown`;
  const r = id.result;
  const identity: Record<string, unknown> = {
    vendor: vendorText(command, values) ?? null,
    ...id.fields,
  };
  const block = id.block;
  const slot = block?.slots.find((s) => s.slot === slotName);
  if (!block || !slot)
    return `the tables give the vendor '${String(identity['vendor'])}' no ${slotName} slot in ${command.name}`;
  const iface = model.interfaces.find((i) => i.name === slot.interface);
  if (!iface) return `the slot interface ${slot.interface} is not in the model`;
  const given = givenInputs(block, r.outputs);
  const { inputs } = inputsFor(model, iface, values, given, slot.over);
  return {
    identity,
    iface,
    ...(slot.consumer ? { consumer: slot.consumer } : {}),
    ...(slot.over ? { over: slot.over } : {}),
    inputs,
  };
}
