/**
 * The cpuid answer for a dump: the values a dump CPU gives the registers
 * the tables declare, the CPUs grouped by what the leaf's readers can tell
 * apart (one answer per group), and why CPUs give no answer for a leaf.
 */
import type { DumpCpu } from '../../host/cpuid-dump.ts';
import { leafOf, maxLeafOf } from '../../host/cpuid-dump.ts';
import type { Model } from '../../model/model.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { LeafValues } from './leaf-answer.ts';
import { buildReport, cpuidRegisters, leafRegisters } from './leaf-answer.ts';
import { readerInputsKey } from './reader-inputs.ts';

/** The values of every cpuid register the tables declare, read from one dump CPU. */
function valuesFromDump(model: Model, cpu: Parameters<typeof leafOf>[0]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const index = { eax: 0, ebx: 1, ecx: 2, edx: 3 } as const;
  for (const reg of cpuidRegisters(model)) {
    if (!reg.cpuid) continue;
    const regs = leafOf(
      cpu,
      Number(BigInt(reg.cpuid.leaf)),
      Number(BigInt(reg.cpuid.subleaf ?? '0x0')),
    );
    const i = index[reg.cpuid.reg as keyof typeof index];
    if (regs && i !== undefined) out.set(reg.name, BigInt(regs[i]));
  }
  return out;
}

/** The [leaf, subleaf] pairs the tables read, and leaf 0 (the maximum basic leaf). */
export function declaredLeaves(model: Model): [number, number][] {
  return [
    [0, 0],
    ...cpuidRegisters(model).map((r): [number, number] => [
      Number(BigInt(r.cpuid?.leaf ?? '0')),
      Number(BigInt(r.cpuid?.subleaf ?? '0')),
    ]),
  ];
}

/**
 * Why CPUs give no answer for `leaf`: above the maximum leaf they report,
 * or not in the dump. With `some` (other CPUs answered), only the CPUs
 * above their maximum are named.
 */
export function leafAbsences(
  model: Model,
  leaf: bigint,
  cpus: readonly DumpCpu[],
  some: boolean,
): string[] {
  const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
  const leaves = [
    ...new Set(leafRegisters(model, leaf).map((r) => Number(BigInt(r.cpuid?.leaf ?? '0')))),
  ];
  // CPUs grouped by the leaf they lack and the maximum they report.
  const above = new Map<string, { leaf: number; max: number; labels: string[] }>();
  for (const cpu of cpus) {
    for (const l of leaves) {
      const max = maxLeafOf(cpu, l);
      if (max === undefined || l <= max) continue;
      const group = above.get(`${l}:${max}`) ?? { leaf: l, max, labels: [] };
      group.labels.push(cpu.label);
      above.set(`${l}:${max}`, group);
      break;
    }
  }
  const lines = [...above.values()].map(
    (g) =>
      `leaf ${hex(g.leaf)} is above the maximum leaf ${hex(g.max)} that ${g.labels.join(', ')} report${g.labels.length === 1 ? 's' : ''} (EAX of leaf ${hex((g.leaf & 0xf0000000) >>> 0)})`,
  );
  if (some) return lines.map((l) => `${l}; left out`);
  const lead = `no CPU in the dump reports CPUID leaf ${hex(leaf)}`;
  return lines.length === 0 ? [lead] : [`${lead}: ${lines.join('; ')}`];
}

/** One answer per group of the dump's CPUs that the leaf's readers cannot tell apart. */
export function dumpAnswers(
  model: Model,
  tables: Tables,
  leaf: bigint,
  cpus: readonly DumpCpu[],
  consumers: readonly string[],
  trace = true,
) {
  const regs = leafRegisters(model, leaf);
  const groups = new Map<string, { cpus: string[]; values: LeafValues }>();
  for (const cpu of cpus) {
    const values = valuesFromDump(model, cpu);
    if (!regs.every((r) => values.has(r.name))) continue;
    const key = readerInputsKey(model, leaf, values);
    const g = groups.get(key);
    if (g) g.cpus.push(cpu.label);
    else groups.set(key, { cpus: [cpu.label], values });
  }
  return [...groups.values()].map((g) => ({
    ...g,
    report: buildReport(model, tables, leaf, g.values, {}, { consumers, trace }),
  }));
}
