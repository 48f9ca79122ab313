/**
 * Where each input of a vendor item's answer comes from. Vendor data lacks
 * some of what a command reads (a register leaf, say), so an item sets those
 * inputs itself; explain must not show them as the core's own. Each input is
 * either read from a core fact (possibly OR-ed with a constant) or set by the
 * table outright.
 */
import type { MArchVendor } from '../model/model.ts';
import { formatValue } from '../runtime/values.ts';

export function explainGiven(
  binding: MArchVendor,
  inputs: Readonly<Record<string, bigint>>,
): string[] {
  const value = (input: string) => formatValue(inputs[input] ?? 0n);
  const fromCore = binding.given
    .filter((g) => g.fact !== undefined)
    .map(
      (g) =>
        `${g.input} = ${value(g.input)} (${g.value !== undefined ? `${formatValue(BigInt(g.value))} | ` : ''}${g.fact})`,
    );
  const setByTable = binding.given
    .filter((g) => g.fact === undefined)
    .map((g) => `${g.input} = ${value(g.input)}`);
  return [
    ...(fromCore.length ? [`  from the core: ${fromCore.join(', ')}`] : []),
    ...(setByTable.length
      ? [
          `  set by the table, not the core's own: ${setByTable.join(', ')}${binding.doc ? ` (${binding.doc})` : ''}`,
        ]
      : []),
  ];
}
