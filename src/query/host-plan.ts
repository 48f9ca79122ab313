/**
 * The vPMU plan for a host: which architecture's tables recognise its PMU
 * devices, what each device is (the `devices` interface), which plan the
 * VMM follows (the `plan` interface), and what a guest keeps under it
 * (the arch's map command run in the plan's mode on every PMU the guest
 * may use). Generic machinery: every decision is a consumer in tables/.
 */
import { sharedEncodings } from '../vendor/core-encodings.ts';
import type { MArch, MHost } from '../model/model.ts';
import type { Outcome, RunResult, Warning } from '../runtime/run.ts';
import { runConsumer } from '../runtime/run.ts';
import { guestConsumer, runGuest } from './guest-run.ts';
import type { Tables } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';
import type { Problem, SysfsDevice, SysfsHost } from '../host/read-host.ts';
import { DEVICES_DIR } from '../host/read-host.ts';
import { claimOf, markerOf } from '../host/device-claim.ts';
import { chooseConsumer } from '../model/kernel-choice.ts';
import type { OutputRole } from '../syntax/roles.ts';
import { outputWithRole } from './roles.ts';

export interface PlanOptions {
  /** The CPUs the guest may run on (the VMM's affinity); default: every possible CPU. */
  readonly cpus?: readonly number[];
  /** A consumer of the arch's plan interface; default: the arch's. */
  readonly consumer?: string;
  /** Force an architecture instead of recognising one from the devices. */
  readonly arch?: string;
  /**
   * A kernel release: what the guest keeps is answered by the version of
   * each mode's consumer that models it (a KernelChoiceError when none does).
   */
  readonly kernel?: readonly number[];
}

export interface PlannedDevice {
  readonly name: string;
  readonly type: number | null;
  readonly cpus: readonly number[];
  /** True when `cpus` came from `cpumask` (where events open, not what it counts). */
  readonly cpumask: boolean;
  /** The core of each CPU the device counts on, from the CPU identification file. */
  readonly cores: readonly string[];
  /** The pmu implementation a `host device` glob gives it. */
  readonly implementation: string | null;
  /** Vendor cores (pmumap import) whose id is the id of a CPU the device counts on. */
  readonly vendorCores: readonly string[];
  readonly compatible: boolean;
  readonly reason: string;
  readonly reasonText: string;
  readonly events: number;
}

export interface KeptCounter {
  readonly name: string;
  readonly index: number;
  readonly kept: boolean;
  readonly outcome: string;
  readonly code?: string;
  readonly message?: string;
  readonly origin?: string;
}

export interface RefusedEvent {
  readonly event: string;
  readonly code: string;
  readonly reason: string;
  readonly message: string;
}

export interface GuestKeeps {
  readonly mode: string | null;
  readonly consumer: string | null;
  readonly cycleCounter: boolean | null;
  readonly instructionCounter: boolean | null;
  readonly counters: readonly KeptCounter[];
  readonly eventsChecked: number;
  readonly refusedEvents: readonly RefusedEvent[];
  readonly sharedEvents: readonly string[];
  /** What the vendor tables of the compatible PMUs' cores share, when the tables have them. */
  readonly vendor: VendorShare | null;
  readonly note?: string;
}

export interface VendorShare {
  readonly cores: readonly string[];
  /** Encodings every one of these cores lists under one name, and under different names. */
  readonly sameName: number;
  readonly differentNames: number;
}

export interface HostPlan {
  readonly sysfs: string;
  readonly arch: string | null;
  readonly consumer: string | null;
  readonly plan: string;
  readonly why: string;
  readonly whyText: string;
  readonly origin: string | null;
  readonly pmuType: number | null;
  readonly pmu: string | null;
  readonly possible: readonly number[];
  readonly online: readonly number[];
  readonly target: readonly number[];
  readonly pmus: readonly PlannedDevice[];
  readonly uncovered: readonly number[];
  readonly guest: GuestKeeps;
  readonly warnings: readonly Warning[];
  readonly problems: readonly Problem[];
}

function implementationOf(host: MHost, device: SysfsDevice): string | undefined {
  return claimOf(host, device);
}

interface Recognised {
  readonly arch?: MArch | undefined;
  readonly problem?: Problem;
}

/** The first device a `host marker` of the arch names (a device that is never a core PMU). */
function markedDevice(host: MHost | undefined, devices: readonly SysfsDevice[]) {
  for (const d of devices) {
    const marker = host && markerOf(host, d);
    if (marker) return { device: d, marker };
  }
  return undefined;
}

/**
 * The architecture whose `host device` items claim the most devices; with
 * none claimed, the ones a `host marker` names a device of (x86's msr,
 * there with or without a core PMU); then the one whose CPU identification
 * file the CPUs have. Two archs with the same count are an ambiguity,
 * reported, never first-wins.
 */
function recogniseArch(archs: readonly MArch[], host: SysfsHost): Recognised {
  const counts = archs.map((a) => ({
    arch: a,
    n: a.host ? host.devices.filter((d) => a.host && implementationOf(a.host, d)).length : 0,
  }));
  const most = Math.max(0, ...counts.map((c) => c.n));
  const byDevices = counts.filter((c) => c.n === most && most > 0).map((c) => c.arch);
  const byMarker = archs.filter((a) => markedDevice(a.host, host.devices));
  const byCpuFile = archs.filter(
    (a) => a.host?.cpu && [...host.cpuIds.values()].some((m) => m.has(a.host?.cpu?.path ?? '')),
  );
  const found = byDevices.length > 0 ? byDevices : byMarker.length > 0 ? byMarker : byCpuFile;
  if (found.length <= 1) return found[0] ? { arch: found[0] } : {};
  const names = found.map((a) => `'${a.name}'`).join(' and ');
  const detail =
    byDevices.length > 0
      ? `${names} each claim ${most} device(s) (their \`host device\` items); the tables must tell them apart (\`when format ...\`), or name one with --arch`
      : byMarker.length > 0
        ? `${names} each have a \`host marker\` naming a device here; name one with --arch`
        : `the CPUs have the identification files of ${names}; name one with --arch`;
  return { problem: { path: DEVICES_DIR, kind: 'ambiguous-arch', detail } };
}

function enumMemberName(t: Tables, enumName: string, value: Value | undefined): string {
  const e = t.model.enums.find((x) => x.name === enumName);
  const m = e?.members.find((x) => typeof value === 'bigint' && BigInt(x.value) === value);
  return m?.name ?? String(value);
}

function enumMemberDoc(t: Tables, enumName: string, name: string): string {
  return (
    t.model.enums.find((x) => x.name === enumName)?.members.find((m) => m.name === name)?.doc ?? ''
  );
}

/** The output of a host rule's interface declaring `role` (check requires it: PM2353). */
function roleOutput(t: Tables, iface: string, role: OutputRole) {
  return outputWithRole(t.interfaces.get(iface), role);
}

/** The value a run gave the output declaring `role`. */
function roleValue(t: Tables, iface: string, role: OutputRole, r: RunResult): Value | undefined {
  const output = roleOutput(t, iface, role);
  return output && r.outputs[output.name];
}

/** "SET_PMU" -> "set-pmu", the plan's name on the command line and in JSON. */
export function planName(member: string): string {
  return member.toLowerCase().replace(/_/g, '-');
}

function coreNames(
  t: Tables,
  host: MHost | undefined,
  ids: SysfsHost['cpuIds'],
  cpus: readonly number[],
): string[] {
  if (!host?.cpu) return [];
  const { path, mask, enum: enumName } = host.cpu;
  const names = new Set<string>();
  for (const cpu of cpus) {
    const v = ids.get(cpu)?.get(path);
    if (v === undefined) continue;
    const key = v & BigInt(mask);
    const name = enumMemberName(t, enumName, key);
    names.add(name === String(key) ? `unknown MIDR 0x${key.toString(16)}` : name);
  }
  return [...names].sort();
}

/** The vendor cores whose id is a CPU's identification masked as the tables say. */
function vendorCoresOf(
  t: Tables,
  host: MHost | undefined,
  ids: SysfsHost['cpuIds'],
  cpus: readonly number[],
  implementation: string | null,
): string[] {
  if (!host?.cpu || t.model.cores.length === 0) return [];
  const { path, mask } = host.cpu;
  const keys = new Set<bigint>();
  for (const cpu of cpus) {
    const v = ids.get(cpu)?.get(path);
    if (v !== undefined) keys.add(v & BigInt(mask));
  }
  return t.model.cores
    .filter((c) => c.id !== undefined && keys.has(BigInt(c.id)))
    .filter((c) => implementation === null || c.pmu === implementation)
    .map((c) => c.name)
    .sort();
}

function vendorShare(t: Tables, compatible: readonly PlannedDevice[]): VendorShare | null {
  const names = [...new Set(compatible.flatMap((p) => p.vendorCores))].sort();
  if (names.length === 0) return null;
  const cores = names.flatMap((n) => t.model.cores.filter((c) => c.name === n));
  const shared = sharedEncodings(cores);
  return { cores: names, sameName: shared.sameName, differentNames: shared.differentNames.length };
}

const covers = (cpus: readonly number[], target: readonly number[]): boolean => {
  const set = new Set(cpus);
  return target.every((c) => set.has(c));
};

function describeOutcome(
  o: Outcome | undefined,
): Pick<KeptCounter, 'outcome' | 'code' | 'message' | 'origin'> {
  if (!o) return { outcome: 'none' };
  if (o.kind === 'perf') {
    const attr = Object.entries(o.attr)
      .filter(([k]) => k === 'type' || k === 'config')
      .map(
        ([k, v]) =>
          `${k} ${typeof v === 'bigint' && k !== 'type' ? `0x${v.toString(16)}` : String(v)}`,
      )
      .join(', ');
    return { outcome: o.event ? `generic ${o.event}` : `perf ${attr}`, origin: o.origin };
  }
  if (o.kind === 'refused')
    return { outcome: 'refused', code: o.code, message: o.message, origin: o.origin };
  return { outcome: o.kind, message: o.message, origin: o.origin };
}

export function planHost(t: Tables, host: SysfsHost, options: PlanOptions = {}): HostPlan {
  const archs = t.model.archs;
  const recognised: Recognised = options.arch
    ? { arch: archs.find((a) => a.name === options.arch) }
    : recogniseArch(archs, host);
  const arch = recognised.arch;
  const problems = recognised.problem ? [...host.problems, recognised.problem] : host.problems;
  const target = options.cpus ?? host.possible;
  const h = arch?.host;
  const devicesRule = h?.rules.find((r) => r.role === 'devices');
  const planRule = h?.rules.find((r) => r.role === 'plan');

  const knownDevices = h ? host.devices.filter((d) => implementationOf(h, d)).length : 0;
  const pmus: PlannedDevice[] = host.devices.map((d) =>
    judgeDevice(t, h, devicesRule, host, d, knownDevices),
  );
  const compatible = pmus.filter((p) => p.compatible);
  const covering = compatible.find((p) => covers(p.cpus, target));
  const union = new Set(compatible.flatMap((p) => p.cpus));
  const uncovered = target.filter((c) => !union.has(c));
  // By name, once: a find per compatible device is quadratic on hosts with thousands of PMUs.
  const byName = new Map(host.devices.map((d) => [d.name, d]));

  const none: GuestKeeps = {
    mode: null,
    consumer: null,
    cycleCounter: null,
    instructionCounter: null,
    counters: [],
    eventsChecked: 0,
    refusedEvents: [],
    sharedEvents: sharedEvents(compatible.map((p) => byName.get(p.name))),
    vendor: vendorShare(t, compatible),
  };
  if (!arch || !h || !planRule) {
    return {
      sysfs: host.origin,
      arch: arch?.name ?? null,
      consumer: null,
      plan: 'none',
      why: arch ? 'NO_PLAN' : recognised.problem ? 'AMBIGUOUS_ARCH' : 'NO_CORE_PMU',
      whyText: arch
        ? `the tables give '${arch.name}' no host plan`
        : recognised.problem
          ? `the host is not recognised: ${recognised.problem.detail}`
          : 'no device is a core PMU of any architecture in the tables (no `host device` glob matches), so there is no vPMU to plan',
      origin: null,
      pmuType: null,
      pmu: null,
      possible: host.possible,
      online: host.online,
      target,
      pmus,
      uncovered,
      guest: { ...none, cycleCounter: false, instructionCounter: false },
      warnings: [],
      problems,
    };
  }

  const consumer = options.consumer ?? planRule.consumer;
  const result = runConsumer(
    t,
    consumer,
    {
      core_pmus: BigInt(compatible.length),
      covering: covering !== undefined,
      union_covers: uncovered.length === 0 && compatible.length > 0,
      uncovered: BigInt(uncovered.length),
      known_devices: BigInt(knownDevices),
    },
    planRule.interface,
  );
  const planOutput = roleOutput(t, planRule.interface, 'plan');
  const planEnum = planOutput?.type ?? '';
  const member = enumMemberName(t, planEnum, roleValue(t, planRule.interface, 'plan', result));
  const whyEnum = roleOutput(t, planRule.interface, 'why')?.type ?? '';
  const why = whyEnum
    ? enumMemberName(t, whyEnum, roleValue(t, planRule.interface, 'why', result))
    : member;
  const explicit =
    roleValue(t, planRule.interface, 'set_pmu', result) === true && covering !== undefined;
  // The one PMU behind the guest: the one named with SET_PMU, or the only
  // compatible one when the plan gives the guest a vPMU without naming it.
  const only = member !== 'NONE' && compatible.length === 1 ? compatible[0] : undefined;
  const chosen = explicit ? covering : only;
  // The line that set the plan, from the trace (an extending consumer's own or its parent's).
  const planStep = `output ${planOutput?.name ?? ''}`;
  const planOrigin = result.trace.find((e) => e.step === planStep)?.origin ?? null;

  const backing = explicit && chosen ? [chosen] : compatible;
  const pick = (iface: string, asked: string): string =>
    chooseConsumer(t.model, iface, asked, options.kernel);
  const guest = guestKeeps(t, arch, member, backing, explicit, none, pick);
  // No core PMU, but a device that is there whether or not one is: the
  // tables' `absent` text says why there is none (a VM without a vPMU).
  const marked =
    knownDevices === 0 && compatible.length === 0 ? markedDevice(h, host.devices) : undefined;
  const tablesWhy = whyEnum ? enumMemberDoc(t, whyEnum, why) : enumMemberDoc(t, planEnum, member);
  return {
    sysfs: host.origin,
    arch: arch.name,
    consumer,
    plan: planName(member),
    why,
    whyText: marked ? marked.marker.absent : tablesWhy,
    origin: planOrigin,
    pmuType: chosen?.type ?? null,
    pmu: chosen?.name ?? null,
    possible: host.possible,
    online: host.online,
    target,
    pmus,
    uncovered,
    guest,
    warnings: result.warnings,
    problems,
  };
}

function judgeDevice(
  t: Tables,
  h: MHost | undefined,
  rule: MHost['rules'][number] | undefined,
  host: SysfsHost,
  d: SysfsDevice,
  knownDevices: number,
): PlannedDevice {
  const implementation = h ? (implementationOf(h, d) ?? null) : null;
  // A core PMU without a `cpus` file (x86's non-hybrid `cpu`) counts on every CPU.
  const cpus = d.cpus ?? (d.hasCpusFile ? [] : host.possible);
  const base = {
    name: d.name,
    type: d.type ?? null,
    cpus: d.cpus ?? d.cpumask ?? [],
    cpumask: d.cpus === undefined && d.cpumask !== undefined,
    cores: coreNames(t, h, host.cpuIds, d.cpus ?? []),
    implementation,
    vendorCores: vendorCoresOf(t, h, host.cpuIds, d.cpus ?? [], implementation),
    events: Object.keys(d.events).length,
  };
  if (!rule) {
    return {
      ...base,
      compatible: false,
      reason: 'UNRECOGNISED',
      reasonText: 'no architecture in the tables has a core PMU driver of this name',
    };
  }
  const r = runConsumer(
    t,
    rule.consumer,
    {
      has_type: d.type !== undefined,
      type: BigInt(d.type ?? 0),
      has_cpus: d.cpus !== undefined,
      // A cpus file that is there but no CPU list is not a missing one.
      cpus_malformed: d.hasCpusFile && d.cpus === undefined,
      known: implementation !== null,
      known_devices: BigInt(knownDevices),
    },
    rule.interface,
  );
  const whyEnum = roleOutput(t, rule.interface, 'why')?.type ?? '';
  const verdict = roleValue(t, rule.interface, 'compatible', r);
  const reason = whyEnum
    ? enumMemberName(t, whyEnum, roleValue(t, rule.interface, 'why', r))
    : String(verdict);
  const compatible = verdict === true;
  return {
    ...base,
    cpus: compatible ? cpus : base.cpus,
    compatible,
    reason,
    reasonText: whyEnum ? enumMemberDoc(t, whyEnum, reason) : '',
  };
}

/** Event names every given device lists under events/, sorted. */
function sharedEvents(devices: readonly (SysfsDevice | undefined)[]): string[] {
  const present = devices.filter((d): d is SysfsDevice => d !== undefined);
  if (present.length === 0) return [];
  const [first, ...rest] = present;
  return Object.keys(first?.events ?? {})
    .filter((e) => rest.every((d) => Object.hasOwn(d.events, e)))
    .sort();
}

/**
 * Run the arch's guest command in the plan's mode on every PMU the guest
 * may use: a counter or event is kept only if every one of them keeps it.
 */
function guestKeeps(
  t: Tables,
  arch: MArch,
  plan: string,
  backing: readonly PlannedDevice[],
  explicit: boolean,
  none: GuestKeeps,
  pick: (iface: string, asked: string) => string,
): GuestKeeps {
  const g = arch.host?.guest;
  if (plan === 'NONE') {
    return {
      ...none,
      cycleCounter: false,
      instructionCounter: false,
      note: 'the guest has no vPMU under this plan',
    };
  }
  if (!g) {
    // Without a guest block, point at the arch's whole-CPU command (the CPUID
    // KVM offers decides the guest's counters there), not at one vendor's leaf.
    const cpu = arch.cpuCommands?.[0]?.name;
    const where = cpu ? ` (pmumap ${cpu} ${arch.name})` : '';
    return {
      ...none,
      note: `the tables say nothing of what a '${arch.name}' guest keeps; it follows the CPUID the hypervisor offers${where}`,
    };
  }
  const modeName = g.modes.find((m) => m.plan === plan)?.mode;
  const target = modeName ? guestConsumer(arch, modeName) : undefined;
  if (!modeName || !target || backing.length === 0) {
    return {
      ...none,
      cycleCounter: false,
      instructionCounter: false,
      note: 'the guest has no vPMU under this plan',
    };
  }
  // The guest command sees a device only as its implementation and type:
  // run it once per distinct pair, not once per device.
  const distinct = [
    ...new Map(backing.map((d) => [`${d.implementation ?? ''}\0${d.type ?? 0}`, d])).values(),
  ];
  const run = (counter: number, event: bigint) =>
    distinct.map(
      (dev) =>
        runGuest(
          t,
          arch,
          modeName,
          { pmu: dev.implementation ?? '', type: dev.type ?? 0, counter, event, explicit },
          { trace: false },
          pick,
        )?.outcome,
    );
  const counters: KeptCounter[] = g.counters.map((c) => {
    // The event the tables name for the counter: where the event picks the
    // counter, event 0 would probe another one.
    const outcomes = run(c.index, BigInt(c.event));
    const refused = outcomes.find((o) => o?.kind === 'refused');
    return {
      name: c.name,
      index: c.index,
      kept: !refused,
      ...describeOutcome(refused ?? outcomes[0]),
    };
  });
  const refusedEvents: RefusedEvent[] = [];
  let eventsChecked = 0;
  for (const ev of g.events) {
    for (const m of t.model.enums.find((e) => e.name === ev.enum)?.members ?? []) {
      eventsChecked++;
      const refused = run(ev.counter, BigInt(m.value)).find((o) => o?.kind === 'refused');
      if (refused?.kind === 'refused') {
        refusedEvents.push({
          event: m.name,
          code: m.value,
          reason: refused.code,
          message: refused.message,
        });
      }
    }
  }
  const kept = (name: string) => counters.find((c) => c.name === name)?.kept ?? null;
  return {
    ...none,
    mode: modeName,
    consumer: pick(target.iface, target.consumer),
    cycleCounter: kept('cycles'),
    instructionCounter: kept('instructions'),
    counters,
    eventsChecked,
    refusedEvents,
  };
}
