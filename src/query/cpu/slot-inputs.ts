/**
 * The slot inputs of a whole-CPU command that no register gives, as options
 * of that command: `pmumap cpu x86 --enable-pmu false` sets the input
 * `enable_pmu` of every slot interface that has one (the KVM module switch
 * of the AMD guest slot). An input is exposed when it has a default, is not
 * typed by a cpuid register (those come from the CPU), is not the slot's
 * `over` input, and its block's `given` does not bind it. The tables decide
 * which inputs these are; nothing here knows an architecture.
 * src/check/report-cpu-commands.ts rejects one name with two types (PM2475)
 * and a name another option of the command already has (PM2476).
 */
import type { MCpuCommand, MInterface, Model } from '../../model/model.ts';
import type { Value } from '../../runtime/values.ts';
import { parseInputValue } from '../input-values.ts';
import { memberName } from '../value-names.ts';
import { defaultText, encodeOption } from './raw-cpu.ts';

type SlotInput = MInterface['inputs'][number];

/** A default as the user would type it: an enum member by its name, else as raw-cpu.ts prints it. */
function typedDefault(model: Model, input: SlotInput): string {
  const d = input.default;
  const member = d?.op === 'const' ? memberName(model, input.type, BigInt(d.value)) : undefined;
  return member ?? defaultText(model, input);
}

/** One option of a whole-CPU command that sets a slot input. */
export interface SlotInputOption {
  /** The option without its dashes: the input's name with `-` for `_`. */
  readonly option: string;
  readonly input: string;
  readonly type: string;
  /** The default as the user would type it. */
  readonly defaultText: string;
  readonly doc: string;
  /** The slot interfaces that take it, in the order the command names them. */
  readonly interfaces: readonly string[];
}

/** Each exposed input of a slot interface, with the interface it belongs to. */
function exposedInputs(
  model: Model,
  command: MCpuCommand,
): { iface: MInterface; input: SlotInput }[] {
  const isRegister = (type: string) => model.registers.some((r) => r.name === type && r.cpuid);
  const out: { iface: MInterface; input: SlotInput }[] = [];
  for (const block of command.vendors)
    for (const slot of block.slots) {
      const iface = model.interfaces.find((i) => i.name === slot.interface);
      for (const input of iface?.inputs ?? []) {
        if (!iface || !input.default || isRegister(input.type) || input.name === slot.over)
          continue;
        if (block.given.some((g) => g.input === input.name)) continue;
        out.push({ iface, input });
      }
    }
  return out;
}

/** The options that set slot inputs, one per input name, in the order the command names them. */
export function slotInputOptions(model: Model, command: MCpuCommand): SlotInputOption[] {
  const byName = new Map<string, SlotInputOption>();
  for (const { iface, input } of exposedInputs(model, command)) {
    const known = byName.get(input.name);
    if (known) {
      if (!known.interfaces.includes(iface.name))
        byName.set(input.name, { ...known, interfaces: [...known.interfaces, iface.name] });
      continue;
    }
    byName.set(input.name, {
      option: encodeOption({ name: input.name }),
      input: input.name,
      type: input.type,
      defaultText: typedDefault(model, input),
      doc: input.doc ?? input.name,
      interfaces: [iface.name],
    });
  }
  return [...byName.values()];
}

/**
 * The slot inputs the user set, by input name, parsed by the type of the
 * first interface that takes each (PM2475 keeps the others' types the same).
 */
export function slotInputValues(
  model: Model,
  command: MCpuCommand,
  optionText: (option: string) => string | undefined,
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const o of slotInputOptions(model, command)) {
    const text = optionText(o.option);
    const iface = model.interfaces.find((i) => i.name === o.interfaces[0]);
    if (text === undefined || !iface) continue;
    out[o.input] = parseInputValue(model, iface, o.input, text, `--${o.option}`);
  }
  return out;
}
