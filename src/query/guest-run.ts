/**
 * Run an arch's `host guest` command for one guest counter and event on
 * one host PMU, in one mode: the reader's facts are bound to the
 * command's inputs as the tables' `given` says. Shared by the host plan,
 * the report and explain.
 */
import type { MArch } from '../model/model.ts';
import type { RunOptions, RunResult } from '../runtime/run.ts';
import { runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';

export interface GuestFacts {
  /** The pmu implementation behind the guest. */
  readonly pmu: string;
  /** Its perf type; absent where there is no host (explain, report, diff): the input's default. */
  readonly type?: number;
  readonly counter: number;
  readonly event: bigint;
  /** The VMM named the PMU with SET_PMU. */
  readonly explicit: boolean;
}

/** The consumer a mode of the guest command runs, or undefined if the arch has no such mode. */
export function guestConsumer(
  arch: MArch,
  mode: string,
): { consumer: string; iface: string } | undefined {
  const g = arch.host?.guest;
  const m = arch.modes.find((x) => x.name === mode);
  const command = arch.commands.find((c) => c.name === g?.command);
  return m && command ? { consumer: m.consumer, iface: command.interface } : undefined;
}

/**
 * `consumer` picks who answers for the mode's consumer (default: itself);
 * the host plan passes the kernel's choice (src/model/kernel-choice.ts).
 */
export function runGuest(
  t: Tables,
  arch: MArch,
  mode: string,
  facts: GuestFacts,
  options: RunOptions = {},
  consumer: (iface: string, asked: string) => string = (_iface, asked) => asked,
): RunResult | undefined {
  const target = guestConsumer(arch, mode);
  if (!arch.host?.guest || !target) return undefined;
  const inputs = guestInputs(arch, facts);
  return runConsumer(t, consumer(target.iface, target.consumer), inputs, target.iface, options);
}

/** The guest command's inputs the facts give, as the tables' `given` binds them (the rest take defaults). */
export function guestInputs(arch: MArch, facts: GuestFacts): Record<string, Value> {
  const values: Record<string, Value> = {
    pmu: { kind: 'pmu', name: facts.pmu },
    ...(facts.type !== undefined ? { type: BigInt(facts.type) } : {}),
    counter: BigInt(facts.counter),
    event: facts.event,
    explicit: facts.explicit,
  };
  const inputs: Record<string, Value> = {};
  for (const b of arch.host?.guest?.given ?? []) {
    const v = values[b.fact];
    if (v !== undefined) inputs[b.input] = v;
  }
  return inputs;
}
