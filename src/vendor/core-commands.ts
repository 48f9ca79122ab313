/**
 * Run an arch `vendor` item's command for one vendor core: every consumer
 * of the command's interface, with the core's facts bound to its inputs.
 * The checker (PM2606) and `pmumap explain ARCH CORE` both ask this.
 */
import { globMatches } from '../host/device-claim.ts';
import type { MArch, MArchVendor, MCore, Model } from '../model/model.ts';
import { consumersOf, runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import { formatValue } from '../runtime/values.ts';
import { boundInputs } from './core-facts.ts';

export interface CoreCommandRun {
  readonly binding: MArchVendor;
  readonly interface: string;
  readonly inputs: Readonly<Record<string, bigint>>;
  /** Each consumer and its answer: the first output's value, or `refuse CODE`. */
  readonly answers: readonly { readonly consumer: string; readonly answer: string }[];
}

/** The `vendor` items (any arch) that cover `core`: its pmu, and its arch line when they name globs. */
export function vendorItemsFor(model: Model, core: MCore): { arch: MArch; binding: MArchVendor }[] {
  return model.archs.flatMap((arch) =>
    (arch.vendor ?? [])
      .filter((b) => b.pmu === core.pmu)
      .filter((b) => b.arches.length === 0 || b.arches.some((g) => globMatches(g, core.arch ?? '')))
      .map((binding) => ({ arch, binding })),
  );
}

/** Every consumer of a non-`over` command for `core`; throws EvalError as the runtime does. */
export function runCoreCommand(
  model: Model,
  t: Tables,
  arch: MArch,
  binding: MArchVendor,
  core: MCore,
): CoreCommandRun | undefined {
  const command = arch.commands.find((c) => c.name === binding.command);
  if (!command || command.over) return undefined;
  const output = model.interfaces.find((i) => i.name === command.interface)?.outputs[0]?.name;
  const inputs = boundInputs(binding.given, core);
  const answers = consumersOf(t, command.interface).map((consumer) => {
    const r = runConsumer(t, consumer, inputs, command.interface, { trace: false });
    const v = output === undefined ? undefined : r.outputs[output];
    const answer =
      r.outcome?.kind === 'refused'
        ? `refuse ${r.outcome.code}`
        : v === undefined
          ? '(unset)'
          : formatValue(v);
    return { consumer, answer };
  });
  return { binding, interface: command.interface, inputs, answers };
}
