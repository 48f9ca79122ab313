/**
 * The answer of a command command (`pmumap cpu ARCH`) for one CPU: who made
 * it and what it is (the identify interface), then, for its vendor, each
 * slot the tables bind: `perf` (the host driver's PMU), `generic` (an
 * `over` interface: each generic event's encoding) and `guest` (every
 * consumer of the interface: what the hypervisor offers a guest). Nothing
 * here knows an architecture; the arch block's `command` item says what to
 * run, and each interface's inputs are bound from the CPU's registers.
 */
import {
  consumersModelling,
  findConsumer,
  statusJson,
  statusLabel,
} from '../../model/kernel-choice.ts';
import type { MCpuCommand } from '../../model/model.ts';
import { membersOfType } from '../../model/members.ts';
import type { MInterface, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run-result.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { formatValue } from '../../runtime/values.ts';
import { bindInputs } from '../cpuid/leaf-answer.ts';
import { consumerForKernel } from '../kernel-answers.ts';
import { memberName } from '../value-names.ts';
import { leafOfRegister, vendorText } from './cpu-values.ts';

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** A bitmap as the indices of its set bits. */
function indices(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; v !== 0n && i < 64; i++, v >>= 1n) if ((v & 1n) === 1n) out.push(i);
  return out;
}

/** One run of a slot, kept for the text form. */
export interface SlotRun {
  readonly slot: string;
  readonly iface: string;
  readonly consumer: string;
  readonly status: string;
  readonly label?: string;
  readonly result: RunResult;
}

export interface CpuAnswer {
  /** What the CPU's answers depend on: CPUs with the same key get one answer. */
  readonly key: string;
  readonly json: Record<string, unknown>;
  readonly runs: readonly SlotRun[];
}

export interface CpuOptions {
  /** --kernel: the release each slot's reader models. */
  readonly kernel?: readonly number[];
  /** Slot inputs no register gives, set by the command's options (slot-inputs.ts), by input name. */
  readonly slotInputs?: Readonly<Record<string, Value>>;
}

function reasonJson(r: RunResult): Record<string, unknown> | null {
  const o = r.outcome;
  return o?.kind === 'refused' ? { code: o.code, message: o.message, source: o.origin } : null;
}

/** The cpuid leaves (`CPUID.0x1`, `CPUID.0x23.1`) that give an interface's missing inputs. */
function missingLeaves(model: Model, iface: MInterface, missing: readonly string[]): string[] {
  const leaves = iface.inputs
    .filter((i) => missing.includes(i.name))
    .map((i) => model.registers.find((r) => r.name === i.type)?.cpuid)
    .map((c) =>
      c ? `CPUID.${c.leaf}${c.subleaf && c.subleaf !== '0x0' ? `.${c.subleaf}` : ''}` : '?',
    );
  return [...new Set(leaves)];
}

/**
 * How the guest's vPMU runs when it has one: the outcome a guest reader
 * ends with (`software`: KVM counts with host perf events; `direct`: the
 * guest programs the hardware counters, the mediated vPMU), its message
 * and line; null when the reader refused (see `why`) or has no outcome.
 */
function vpmuJson(r: RunResult): Record<string, unknown> | null {
  const o = r.outcome;
  if (o?.kind !== 'software' && o?.kind !== 'direct') return null;
  return { kind: o.kind, message: o.message, source: o.origin };
}

/** An output's JSON: a bitmap with role `fixed` as indices, an enum or perf id as its name, small numbers as numbers. */
function outputJson(model: Model, iface: MInterface, name: string, v: Value): unknown {
  const out = iface.outputs.find((o) => o.name === name);
  if (typeof v !== 'bigint') return typeof v === 'boolean' ? v : formatValue(v);
  if (out?.role === 'fixed') return indices(v);
  const member = memberName(model, out?.type, v);
  if (member !== undefined) return member;
  return v <= 0xffffn ? Number(v) : hex(v);
}

/** Outputs typed by a cpuid register, grouped by leaf ("0xa", "0x23.1") and register (eax..edx), as hex. */
function leavesJson(
  model: Model,
  iface: MInterface,
  r: RunResult,
): Record<string, Record<string, string>> {
  const leaves: Record<string, Record<string, string>> = {};
  for (const o of iface.outputs) {
    const reg = model.registers.find((x) => x.name === o.type && x.cpuid);
    const v = r.outputs[o.name];
    if (!reg?.cpuid || typeof v !== 'bigint') continue;
    const { leaf, subleaf } = leafOfRegister(reg);
    const key = `0x${leaf.toString(16)}${subleaf ? `.${subleaf}` : ''}`;
    (leaves[key] ??= {})[reg.cpuid.reg] = hex(v);
  }
  return leaves;
}

const isRegisterOutput = (model: Model, type: string): boolean =>
  model.registers.some((x) => x.name === type && x.cpuid);

/** The inputs of `iface`, bound from the registers and the vendor's `given`; the names still missing. */
export function inputsFor(
  model: Model,
  iface: MInterface,
  values: ReadonlyMap<string, bigint>,
  given: Readonly<Record<string, Value>>,
  skip?: string,
): { inputs: Record<string, Value>; missing: string[] } {
  const inputs = bindInputs(model, iface, values, given);
  const missing = iface.inputs
    .filter(
      (i) => i.name !== skip && !(i.name in inputs) && !i.default && !i.type.startsWith('ranges'),
    )
    .map((i) => i.name);
  return { inputs, missing };
}

const keyOf = (inputs: Readonly<Record<string, Value>>): string =>
  Object.keys(inputs)
    .sort()
    .map((k) => `${k}=${formatValue(inputs[k]!)}`)
    .join(',');

type CpuVendorBlock = MCpuCommand['vendors'][number];

/** Who a CPU is: the command's identify interface run on its registers. */
export interface CpuIdentity {
  readonly iface: MInterface;
  readonly inputs: Record<string, Value>;
  /** The identify inputs the registers do not give (then nothing ran). */
  readonly missing: readonly string[];
  readonly result?: RunResult | undefined;
  /** The enum-typed output whose value picks the `for` block (the vendor). */
  readonly vendorOutput?: MInterface['outputs'][number] | undefined;
  /** Its value, and the block it picks. */
  readonly dispatch?: Value | undefined;
  readonly block?: CpuVendorBlock | undefined;
  /** The other identify outputs as `cpu --json` names them (family, model, ...). */
  readonly fields: Record<string, unknown>;
}

/**
 * Run the command's identify interface on a CPU's registers: the one place
 * that says who a CPU is and which `for` block answers for it (cpu, the
 * identity clause of an arch command, the vendor check, the cpuid notes).
 * Undefined when the model lacks the identify interface.
 */
export function identifyCpu(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  values: ReadonlyMap<string, bigint>,
): CpuIdentity | undefined {
  const iface = model.interfaces.find((i) => i.name === command.identify.interface);
  if (!iface) return undefined;
  const { inputs, missing } = inputsFor(model, iface, values, {});
  const vendorOutput = iface.outputs.find((o) => model.enums.some((e) => e.name === o.type));
  if (missing.length > 0) return { iface, inputs, missing, vendorOutput, fields: {} };
  const result = runConsumer(tables, command.identify.consumer, inputs, iface.name, {
    trace: false,
  });
  const dispatch = vendorOutput ? result.outputs[vendorOutput.name] : undefined;
  const fields: Record<string, unknown> = {};
  for (const o of iface.outputs) {
    const v = result.outputs[o.name];
    if (o !== vendorOutput && v !== undefined)
      fields[camel(o.name)] = typeof v === 'bigint' ? Number(v) : v;
  }
  return {
    iface,
    inputs,
    missing,
    result,
    vendorOutput,
    dispatch,
    block: vendorBlock(command, dispatch),
    fields,
  };
}

/** Which `for` block of the command answers for this identity (its enum-typed output picks). */
export function vendorBlock(
  command: MCpuCommand,
  dispatch: Value | undefined,
): CpuVendorBlock | undefined {
  if (typeof dispatch !== 'bigint') return undefined;
  return command.vendors.find((v) => v.match.some((m) => BigInt(m) === dispatch));
}

/** The `given` inputs of a vendor block: identify outputs by name, or constants. */
export function givenInputs(
  block: CpuVendorBlock | undefined,
  identity: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const g of block?.given ?? []) {
    if (g.output !== undefined) {
      const v = identity[g.output];
      if (v !== undefined) out[g.input] = v;
    } else if (g.value === 'true' || g.value === 'false') out[g.input] = g.value === 'true';
    else if (g.value !== undefined) out[g.input] = BigInt(g.value);
  }
  return out;
}

export function cpuAnswer(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  values: ReadonlyMap<string, bigint>,
  options: CpuOptions = {},
): CpuAnswer {
  const keyParts: string[] = [];
  const runs: SlotRun[] = [];
  const notes: { message: string; source: string | null }[] = [];
  const statusOf = (iface: string, c: string): string =>
    statusLabel(findConsumer(model, iface, c)?.status);

  // Who made it and what it is.
  const id = identifyCpu(model, tables, command, values)!;
  const idIface = id.iface;
  keyParts.push(`identify(${keyOf(id.inputs)})`);
  const json: Record<string, unknown> = { vendor: vendorText(command, values) ?? null };
  const identity = id.result;
  if (identity) {
    runs.push({
      slot: 'identify',
      iface: idIface.name,
      consumer: command.identify.consumer,
      status: statusOf(idIface.name, command.identify.consumer),
      result: identity,
    });
    Object.assign(json, id.fields);
  } else {
    notes.push({
      message: `the dump has no ${missingLeaves(model, idIface, id.missing).join(' or ')}, so nothing says who the CPU is (${id.missing.join(', ')} unknown)`,
      source: null,
    });
  }

  const block = id.block;
  const given = givenInputs(block, identity?.outputs ?? {});
  if (identity && !block)
    notes.push({
      message: `the tables bind no interfaces to this CPU's vendor (${json['vendor'] ?? 'unknown'})`,
      source: command.origin,
    });

  let perf: Record<string, unknown> | null = null;
  const kvmGuest: Record<string, unknown> = {};
  for (const slot of block?.slots ?? []) {
    const iface = model.interfaces.find((i) => i.name === slot.interface)!;
    const bound = { ...options.slotInputs, ...given };
    const { inputs, missing } = inputsFor(model, iface, values, bound, slot.over);
    keyParts.push(`${slot.slot}:${iface.name}(${keyOf(inputs)})`);
    if (missing.length > 0) {
      notes.push({
        message: `${iface.name} is not run: the CPU gives no ${missing.join(', ')}`,
        source: block?.origin ?? null,
      });
      continue;
    }
    if (slot.slot === 'perf' || slot.slot === 'generic') {
      const consumer = consumerForKernel(model, iface.name, slot.consumer ?? '', options.kernel);
      const status = statusOf(iface.name, consumer);
      perf ??= {};
      if (slot.slot === 'perf') {
        const r = runConsumer(tables, consumer, inputs, iface.name, { trace: false });
        runs.push({ slot: slot.slot, iface: iface.name, consumer, status, result: r });
        const refused = r.outcome?.kind === 'refused';
        for (const o of iface.outputs) {
          const v = r.outputs[o.name];
          perf[camel(o.name)] =
            refused || v === undefined ? null : outputJson(model, iface, o.name, v);
        }
        perf['why'] = reasonJson(r);
        perf['consumer'] = consumer;
        perf['status'] = statusJson(findConsumer(model, iface.name, consumer)?.status);
        continue;
      }
      const overType = iface.inputs.find((i) => i.name === slot.over)?.type ?? '';
      const generic: Record<string, string | null> = {};
      const genericWhy: Record<string, unknown> = {};
      for (const m of membersOfType(model, overType)) {
        const r = runConsumer(
          tables,
          consumer,
          { ...inputs, [slot.over!]: BigInt(m.value) },
          iface.name,
          {
            trace: false,
          },
        );
        const name = m.doc ?? m.name;
        runs.push({ slot: slot.slot, iface: iface.name, consumer, status, label: name, result: r });
        const o = r.outcome;
        const config = o?.kind === 'perf' ? o.attr['config'] : undefined;
        generic[name] = typeof config === 'bigint' ? hex(config) : null;
        if (o?.kind === 'refused') genericWhy[name] = reasonJson(r);
      }
      perf['generic'] = generic;
      perf['genericWhy'] = genericWhy;
      // The generic slot's reader version may differ from the perf slot's.
      perf['genericConsumer'] = consumer;
      perf['genericStatus'] = statusJson(findConsumer(model, iface.name, consumer)?.status);
      continue;
    }
    // guest: every consumer (mainline and patch-only), or the one the slot
    // names; with --kernel, those that answer for that release.
    const consumers = slot.consumer
      ? [consumerForKernel(model, iface.name, slot.consumer, options.kernel)]
      : options.kernel
        ? consumersModelling(model, iface.name, options.kernel).map((c) => c.name)
        : consumersOf(tables, iface.name);
    if (consumers.length === 0 && options.kernel)
      notes.push({
        message: `no consumer of ${iface.name} models --kernel ${options.kernel.join('.')}, so the ${slot.slot} slot has no answer`,
        source: block?.origin ?? null,
      });
    for (const consumer of consumers) {
      const r = runConsumer(tables, consumer, inputs, iface.name, { trace: false });
      const status = statusOf(iface.name, consumer);
      runs.push({ slot: slot.slot, iface: iface.name, consumer, status, result: r });
      const entry: Record<string, unknown> = { leaves: leavesJson(model, iface, r) };
      for (const o of iface.outputs) {
        if (isRegisterOutput(model, o.type)) continue;
        const v = r.outputs[o.name];
        entry[camel(o.name)] = v === undefined ? null : outputJson(model, iface, o.name, v);
      }
      entry['why'] = reasonJson(r);
      entry['vpmu'] = vpmuJson(r);
      entry['status'] = statusJson(findConsumer(model, iface.name, consumer)?.status);
      kvmGuest[consumer] = entry;
    }
  }
  json['perf'] = perf;
  json['kvmGuest'] = kvmGuest;
  const warnings = new Map<string, { message: string; source: string | null }>();
  for (const n of notes) warnings.set(`${n.source}|${n.message}`, n);
  for (const r of runs)
    for (const w of r.result.warnings)
      warnings.set(`${w.origin}|${w.message}`, { message: w.message, source: w.origin });
  json['warnings'] = [...warnings.values()];
  return { key: keyParts.join(';'), json, runs };
}
