/**
 * What a CPUID leaf's register values mean to an arch's commands: every
 * command whose interface reads one of the leaf's registers (and needs no
 * input the leaf does not give), run by every consumer of its interface.
 */
import type { MArch, MInterface, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { LeafValues } from '../cpuid/leaf-answer.ts';
import { bindInputs } from '../cpuid/leaf-answer.ts';

export interface LeafCommand {
  readonly name: string;
  readonly iface: MInterface;
  readonly results: RunResult[];
}

export function leafCommands(
  model: Model,
  t: Tables,
  arch: MArch,
  values: LeafValues,
  hypervisor: boolean,
): LeafCommand[] {
  const commands: LeafCommand[] = [];
  for (const c of arch.commands) {
    const iface = model.interfaces.find((i) => i.name === c.interface);
    if (!iface || !iface.inputs.some((i) => values.has(i.type))) continue;
    const inputs = bindInputs(model, iface, values, {}, { hypervisor });
    const missing = iface.inputs.filter(
      (i) => !Object.hasOwn(inputs, i.name) && !i.default && i.type !== 'bool',
    );
    if (missing.length) continue;
    commands.push({
      name: c.name,
      iface,
      results: consumersOf(t, iface.name).map((consumer) =>
        runConsumer(t, consumer, inputs, iface.name),
      ),
    });
  }
  return commands;
}
