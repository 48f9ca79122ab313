/**
 * A `--vendor` string the tables bind nothing to is a mistake to name, not
 * an empty answer: `pmumap cpu x86 --vendor GenuineIotel` says which vendor
 * strings the tables declare, the closest first. Those strings come from the
 * tables alone: the members of the identify interface's enum output that a
 * `for` block of the command names, each by its doc (`INTEL = 0
 * "GenuineIntel"` in X86Vendor), kept only when the identify interface reads
 * that string back as that member (a doc that is no vendor string drops out).
 * A dump is a real CPU and keeps its warning; only a typed --vendor is checked.
 */
import { didYouMean } from '../../io/did-you-mean.ts';
import { UsageError } from '../../io/usage-error.ts';
import type { MCpuCommand, Model } from '../../model/model.ts';
import type { Tables } from '../../runtime/tables.ts';
import { identifyCpu, vendorBlock } from './cpu-answer.ts';
import type { RegisterValues } from './cpu-values.ts';
import { vendorRegisters } from './cpu-values.ts';

/** The identify interface's enum-typed output for these registers (undefined when it cannot run). */
function dispatchOf(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  values: ReadonlyMap<string, bigint>,
): bigint | undefined {
  const v = identifyCpu(model, tables, command, values)?.dispatch;
  return typeof v === 'bigint' ? v : undefined;
}

/** The vendor strings the command's `for` blocks answer for, in the order the blocks name them. */
export function declaredVendorStrings(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  values: ReadonlyMap<string, bigint>,
): string[] {
  const idIface = model.interfaces.find((i) => i.name === command.identify.interface);
  const enumType = idIface?.outputs.find((o) => model.enums.some((e) => e.name === o.type))?.type;
  const members = model.enums.find((e) => e.name === enumType)?.members ?? [];
  const width = command.vendorString.length * 4;
  const out: string[] = [];
  for (const block of command.vendors)
    for (const match of block.match) {
      const doc = members.find((m) => BigInt(m.value) === BigInt(match))?.doc;
      if (doc === undefined || doc.length !== width || out.includes(doc)) continue;
      const registers = new Map([...values, ...vendorRegisters(command, doc, '--vendor')]);
      if (dispatchOf(model, tables, command, registers) === BigInt(match)) out.push(doc);
    }
  return out;
}

/**
 * Throws a usage error when the raw CPU's vendor string (`values`, from
 * --vendor) picks no `for` block of the command. Nothing is checked when the
 * identify interface cannot run on these values (say, a leaf it needs is
 * absent): the answer names what is unknown then.
 */
export function checkVendorKnown(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  vendor: string,
  values: RegisterValues,
): void {
  const dispatch = dispatchOf(model, tables, command, values);
  if (dispatch === undefined || vendorBlock(command, dispatch)) return;
  const known = declaredVendorStrings(model, tables, command, values);
  const quoted = known.map((k) => `'${k}'`);
  throw new UsageError(
    `--vendor '${vendor}': the tables answer for no such vendor${didYouMean(vendor, known)} (expected ${quoted.join(', ')})`,
  );
}
