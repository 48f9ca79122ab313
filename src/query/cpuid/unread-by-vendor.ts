/**
 * A leaf's readers answer for any CPU that reports the leaf, but the
 * whole-CPU command's vendor blocks say which readers a vendor's kernel
 * runs: a CPU whose vendor block binds no interface that reads the leaf
 * (leaf 0xA on an AMD CPU) gets the leaf readers' answer, not its own
 * kernel's. These notes name such CPUs and the command that answers for
 * them. Nothing here knows an architecture: the arch blocks' `command`
 * items say which interfaces each vendor runs.
 */
import type { Model } from '../../model/model.ts';
import type { DumpCpu } from '../../host/cpuid-dump.ts';
import type { Tables } from '../../runtime/tables.ts';
import { identifyCpu } from '../cpu/cpu-answer.ts';
import { valuesOfDumpCpu, vendorText } from '../cpu/cpu-values.ts';
import { leafRegisters } from './leaf-answer.ts';

/** One note per vendor whose block reads none of `leaf`'s registers, naming its CPUs. */
export function unreadByVendorNotes(
  model: Model,
  tables: Tables,
  leaf: bigint,
  cpus: readonly DumpCpu[],
  dump: string,
): string[] {
  const leafTypes = new Set(leafRegisters(model, leaf).map((r) => r.name));
  const notes: string[] = [];
  for (const arch of model.archs) {
    for (const command of arch.cpuCommands ?? []) {
      const byVendor = new Map<string, string[]>();
      for (const cpu of cpus) {
        const values = valuesOfDumpCpu(model, cpu);
        const block = identifyCpu(model, tables, command, values)?.block;
        if (!block) continue;
        const reads = block.slots.some((slot) =>
          model.interfaces
            .find((i) => i.name === slot.interface)
            ?.inputs.some((i) => leafTypes.has(i.type)),
        );
        if (reads) continue;
        const vendor = vendorText(command, values) ?? '?';
        byVendor.set(vendor, [...(byVendor.get(vendor) ?? []), cpu.label]);
      }
      for (const [vendor, labels] of byVendor)
        notes.push(
          `${labels.join(', ')} ${labels.length === 1 ? 'is' : 'are'} ${vendor}, whose readers in \`pmumap ${command.name} ${arch.name}\` read no register of leaf 0x${leaf.toString(16)}: the answers below are this leaf's readers', not what ${labels.length === 1 ? 'its' : 'their'} kernel uses; \`pmumap ${command.name} ${arch.name} --dump ${dump}\` answers for ${labels.length === 1 ? 'it' : 'them'}`,
        );
    }
  }
  return notes;
}
