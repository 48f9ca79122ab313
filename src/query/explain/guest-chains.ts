/**
 * What a guest's programming of a counter with an event becomes: the
 * arch's guest command run in each mode a guest may use, on each host pmu
 * the arch recognises (no host is read: host facts take the command's
 * input defaults). Where the guest names the counter (the command's input
 * with role counter) it is the one asked; where the command picks it (its
 * output with role counter, from the input with role counter_mask) each
 * run says which it picked.
 */
import type { MArch, MInterface, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { GuestFacts } from '../guest-run.ts';
import { guestConsumer, guestInputs, runGuest } from '../guest-run.ts';
import { inputWithRole, outputWithRole } from '../roles.ts';
import type { DefaultedInput } from './input-defaults.ts';
import { defaultedInput } from './input-defaults.ts';

type Input = MInterface['inputs'][number];

/** What a guest's programming of a counter with an event becomes, per host pmu and mode. */
export interface GuestChains {
  /** The counter the guest programs; undefined where the command picks it (`picks`). */
  readonly counter?: number;
  /** The command picks the counter: the output that answers it and the mask input it picks from. */
  readonly picks?: { readonly output: string; readonly mask?: Input };
  readonly command: string;
  readonly iface: MInterface;
  /** Guest command inputs bound to host facts explain does not have: they take their defaults. */
  readonly unread: readonly Input[];
  /** `pmu` is absent where no input of the command is bound to the host pmu (one run per mode). */
  readonly runs: {
    pmu?: string;
    mode: string;
    full: boolean;
    result: RunResult;
    /** The counter the command picked, where it picks one. */
    picked?: bigint;
    /** The mask it picked from, where the mask input took its default. */
    mask?: DefaultedInput;
  }[];
}

export function guestChains(
  model: Model,
  t: Tables,
  arch: MArch,
  counter: number,
  event: bigint,
  onlyMode: string | undefined,
): GuestChains | undefined {
  const g = arch.host?.guest;
  if (!g) return undefined;
  const command = arch.commands.find((c) => c.name === g.command);
  const iface = model.interfaces.find((i) => i.name === command?.interface);
  if (!command || !iface) return undefined;
  const modes = arch.modes.filter(
    (m) =>
      guestConsumer(arch, m.name) &&
      model.consumers.some((c) => c.name === m.consumer && c.implements === iface.name),
  );
  const defaultMode = modes.find((m) => m.consumer === command.consumer)?.name ?? modes[0]?.name;
  // The guest names the counter (role counter input), or the command picks it (check: PM2359).
  const counterInput = inputWithRole(iface, 'counter');
  const counterOutput = counterInput ? undefined : outputWithRole(iface, 'counter');
  const bound = new Set(g.given.map((b) => b.fact));
  const allPmus = [...new Set(arch.host?.devices.map((d) => d.pmu))];
  // Without an input bound to the host pmu, every pmu gives the same run: run the first.
  const pmus = bound.has('pmu') ? allPmus : allPmus.slice(0, 1);
  // No host here: the host's facts explain does not know (the PMU's perf
  // type) are left to the guest command's input defaults.
  const facts = (pmu: string): GuestFacts => ({ pmu, counter, event, explicit: false });
  const known = new Set(Object.keys(facts('')));
  const unread = g.given
    .filter((b) => !known.has(b.fact))
    .flatMap((b) => iface.inputs.filter((i) => i.name === b.input));
  const runs: GuestChains['runs'] = [];
  const mask = counterOutput ? inputWithRole(iface, 'counter_mask') : undefined;
  for (const pmu of pmus) {
    for (const m of modes) {
      if (onlyMode ? m.name !== onlyMode : false) continue;
      const r = runGuest(t, arch, m.name, facts(pmu));
      if (!r) continue;
      const full = onlyMode !== undefined || m.name === defaultMode;
      const picked = counterOutput ? r.outputs[counterOutput.name] : undefined;
      const maskValue = mask
        ? defaultedInput(t, iface, guestInputs(arch, facts(pmu)), mask.name)
        : undefined;
      runs.push({
        ...(bound.has('pmu') ? { pmu } : {}),
        mode: m.name,
        full,
        result: r,
        ...(typeof picked === 'bigint' ? { picked } : {}),
        ...(maskValue ? { mask: maskValue } : {}),
      });
    }
  }
  return {
    ...(counterOutput
      ? { picks: { output: counterOutput.name, ...(mask ? { mask } : {}) } }
      : { counter }),
    command: command.name,
    iface,
    unread,
    runs,
  };
}

/**
 * A register whose value a guest hands the guest command as its event
 * (the input bound to the event fact has the register's type), where the
 * command, not the register, picks the counter: RISC-V's event_idx.
 */
export function picksCounterForRegister(model: Model, arch: MArch, register: string): boolean {
  const g = arch.host?.guest;
  const command = arch.commands.find((c) => c.name === g?.command);
  const iface = model.interfaces.find((i) => i.name === command?.interface);
  if (!g || !iface || inputWithRole(iface, 'counter') || !outputWithRole(iface, 'counter'))
    return false;
  const eventInputs = new Set(g.given.filter((b) => b.fact === 'event').map((b) => b.input));
  return iface.inputs.some((i) => eventInputs.has(i.name) && i.type === register);
}
