/**
 * What each vendor core maps the generic perf events to: the arch block's
 * `vendor` item names a command that runs over an enum (PERF_COUNT_HW_*),
 * its default consumer is run once per member with the core's facts bound
 * to the inputs, and the answer is looked up among the core's own lines:
 * a common event, an event (umask << 8 | code) or a fixed counter's event.
 * An answer the core does not list is the interesting case: perf would
 * program an encoding the vendor does not document for that core.
 */
import { memberName } from './value-names.ts';
import { membersOfType } from '../model/members.ts';
import type { MArch, MArchVendor, MCore, Model } from '../model/model.ts';
import { runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';
import { coreEncodings } from '../vendor/core-encodings.ts';
import { vendorItemsFor } from '../vendor/core-commands.ts';
import { boundInputs } from '../vendor/core-facts.ts';

export interface CoreGenericRow {
  /** The generic event, e.g. INSTRUCTIONS. */
  readonly generic: string;
  /** The encoding the consumer answers with, "0x.."; absent when refused. */
  readonly value?: string;
  /** Its name in the tables (INST_RETIRED), when the output type names it. */
  readonly valueName?: string;
  readonly refused?: { readonly code: string; readonly message: string };
  /** The core's lines with that encoding: what the vendor calls it. */
  readonly listed: readonly {
    readonly name: string;
    readonly record: number;
    readonly origin: string;
  }[];
}

export interface CoreGeneric {
  readonly arch: string;
  readonly consumer: string;
  readonly binding: MArchVendor;
  readonly rows: readonly CoreGenericRow[];
}

/** The `vendor` item with an `over` command (a generic map) that covers `core`, with its arch. */
export function vendorBinding(
  model: Model,
  core: MCore,
): { arch: MArch; binding: MArchVendor } | undefined {
  return vendorItemsFor(model, core).find(
    ({ arch, binding }) => arch.commands.find((c) => c.name === binding.command)?.over,
  );
}

export function coreGeneric(model: Model, t: Tables, core: MCore): CoreGeneric | undefined {
  const found = vendorBinding(model, core);
  if (!found) return undefined;
  const { arch, binding } = found;
  const command = arch.commands.find((c) => c.name === binding.command);
  const iface = model.interfaces.find((i) => i.name === command?.interface);
  if (!command?.over || !iface) return undefined;
  const overType = iface.inputs.find((i) => i.name === command.over)?.type ?? '';
  const output = iface.outputs[0];
  const inputs: Record<string, Value> = boundInputs(binding.given, core);
  const encodings = coreEncodings(core);
  const rows = membersOfType(model, overType).map((m): CoreGenericRow => {
    const r = runConsumer(
      t,
      command.consumer,
      { ...inputs, [command.over ?? '']: BigInt(m.value) },
      command.interface,
      { trace: false },
    );
    if (r.outcome?.kind === 'refused')
      return {
        generic: m.name,
        refused: { code: r.outcome.code, message: r.outcome.message },
        listed: [],
      };
    const v = output ? r.outputs[output.name] : undefined;
    if (typeof v !== 'bigint') return { generic: m.name, listed: [] };
    const name = memberName(model, output?.type, v);
    return {
      generic: m.name,
      value: `0x${v.toString(16)}`,
      ...(name ? { valueName: name } : {}),
      listed: encodings.get(v) ?? [],
    };
  });
  return { arch: arch.name, consumer: command.consumer, binding, rows };
}
