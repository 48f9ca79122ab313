/**
 * What a guest's programming of a counter with an event becomes: the
 * arch's guest command run in each mode a guest may use, on each host pmu
 * the arch recognises (no host is read: host facts take the command's
 * input defaults).
 */
import type { MArch, MInterface, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { guestConsumer, runGuest } from '../guest-run.ts';

/** What a guest's programming of a counter with an event becomes, per host pmu and mode. */
export interface GuestChains {
  readonly counter: number;
  readonly command: string;
  readonly iface: MInterface;
  readonly runs: { pmu: string; mode: string; full: boolean; result: RunResult }[];
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
  const pmus = [...new Set(arch.host?.devices.map((d) => d.pmu))];
  const runs: GuestChains['runs'] = [];
  for (const pmu of pmus) {
    for (const m of modes) {
      if (onlyMode ? m.name !== onlyMode : false) continue;
      // No host here: the host's facts explain does not know (the PMU's perf
      // type) are left to the guest command's input defaults.
      const r = runGuest(t, arch, m.name, { pmu, counter, event, explicit: false });
      if (!r) continue;
      const full = onlyMode !== undefined || m.name === defaultMode;
      runs.push({ pmu, mode: m.name, full, result: r });
    }
  }
  return { counter, command: command.name, iface, runs };
}
