/**
 * An arch command declared with `identity CPU.SLOT [vendor "..."]` (e.g.
 * `command generic = intel_generic_map ... identity cpu.generic vendor
 * "GenuineIntel"`) also takes the whole-CPU command CPU's raw options
 * (--vendor, its encode inputs such as --family/--model/--stepping, and
 * --leaf). Given any of them, the question is the CPU's: its registers are
 * the vendor string (the declared one when --vendor is absent), the encode
 * outputs, the leaves, and the command's own cpuid-register inputs (--eax
 * is ArchPerfmon.eax); the CPU's vendor block's SLOT interface answers, as
 * CPU does. Without them the command answers from its own interface, and
 * the answer says the CPU's model overrides were not applied.
 */
import type { MArch, MCpuCommand, Model } from '../../model/model.ts';
import type { DumpCpu } from '../../host/cpuid-dump.ts';
import type { CpuSlot } from '../../query/cpu/cpu-slot.ts';
import { checkVendorKnown } from '../../query/cpu/known-vendor.ts';
import { cpuSlot } from '../../query/cpu/cpu-slot.ts';
import type { RegisterValues } from '../../query/cpu/cpu-values.ts';
import { valuesOfDumpCpu } from '../../query/cpu/cpu-values.ts';
import {
  checkLeavesAgree,
  defaultedInputWarnings,
  encodeInterface,
  encodeOption,
  missingRawOptions,
  rawCpuValues,
  unreadLeafWarnings,
} from '../../query/cpu/raw-cpu.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import type { OptionKind, ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import { cpuCommandOf, rawCpuOf } from './cpu-command.ts';

type Binding = MArch['commands'][number];

/** The whole-CPU command an `identity` clause names (checked by PM2390). */
export function identityCommand(arch: MArch, binding: Binding): MCpuCommand | undefined {
  return binding.identity ? cpuCommandOf(arch, binding.identity.command) : undefined;
}

/** The whole-CPU command's raw options, added to the arch command's own. */
export function identityOptions(
  model: Model,
  arch: MArch,
  binding: Binding,
): Map<string, OptionKind> {
  const spec = new Map<string, OptionKind>();
  const command = identityCommand(arch, binding);
  if (!command) return spec;
  spec.set('dump', 'value');
  spec.set('vendor', 'value');
  spec.set('leaf', 'value');
  for (const i of encodeInterface(model, command).inputs)
    spec.set(encodeOption(i), i.type === 'bool' ? 'flag' : 'value');
  return spec;
}

/** What the CPU's identity changed in a question: who the CPU is, and warnings. */
export interface IdentifiedCpu {
  /** Who the CPU is (vendor, family, model, stepping), or null when the question gave no identity. */
  readonly cpu: Record<string, unknown> | null;
  readonly warnings: readonly string[];
}

/** The question once the CPU is identified: the slot's interface, its inputs and default consumer. */
export interface IdentifiedQuestion extends IdentifiedCpu {
  readonly binding: Binding;
  readonly iface: Model['interfaces'][number];
  readonly inputs: Record<string, Value>;
  /**
   * The command's own inputs the options need not give: their register came
   * by --leaf, or the vendor's slot reads no such register (so --eax may be left out).
   */
  readonly fromLeaves: ReadonlySet<string>;
  /**
   * Warnings for the encode inputs left to their default (--stepping) whose
   * other values would change the answer; `answerKey` says what the answer
   * is for the slot inputs of one such CPU.
   */
  readonly guessed: (answerKey: (inputs: Record<string, Value>) => string) => string[];
  /** From --dump: the dump's CPUs by the slot inputs they bind (one group: one answer). */
  readonly groups?: readonly {
    readonly cpus: readonly string[];
    readonly inputs: Record<string, Value>;
  }[];
}

/** The answer's note when the question gives no identity: the CPU's overrides were not applied. */
export function noIdentityWarning(
  model: Model,
  arch: MArch,
  binding: Binding,
): IdentifiedCpu | undefined {
  const command = identityCommand(arch, binding);
  if (!command || !binding.identity) return undefined;
  const needs = missingRawOptions(model, command, binding.identity.vendor, new Map());
  return {
    cpu: null,
    warnings: [
      `no CPU was given, so this is the answer for the leaf alone: the CPU model's overrides that \`pmumap ${command.name} ${arch.name}\` applies were not (give ${needs.join(', ')} for them)`,
    ],
  };
}

/**
 * The CPU's question, when `args` give any of the identity options; undefined
 * when they give none. `own` are the command's own inputs as parsed.
 */
export function identifiedQuestion(
  model: Model,
  tables: Tables,
  arch: MArch,
  binding: Binding,
  args: ParsedArgs,
  own: ReadonlyMap<string, Value>,
  ownIface: Model['interfaces'][number],
  dumpCpus?: readonly DumpCpu[],
): IdentifiedQuestion | undefined {
  const command = identityCommand(arch, binding);
  const clause = binding.identity;
  if (!command || !clause) return undefined;
  const options = identityOptions(model, arch, binding);
  const given = [...options.keys()].filter((k) => args.options.has(k) || args.bools.has(k));
  if (given.length === 0) return undefined;

  const label = `${binding.name} ${arch.name}`;
  if (args.options.has('dump')) {
    const raw = [...given.filter((k) => k !== 'dump'), ...[...own.keys()].map(option)];
    if (raw.length > 0) throw new UsageError(`give --dump or raw values (--${raw[0]}), not both`);
    if (!dumpCpus) throw new UsageError(`--dump is read by \`pmumap ${label}\` itself, not here`);
    return dumpQuestion(model, tables, command, clause.slot, binding, ownIface, dumpCpus, label);
  }
  const vendor = single(args, 'vendor') ?? clause.vendor;
  const encoded = new Map(
    encodeInterface(model, command)
      .inputs.filter((i) => args.options.has(encodeOption(i)) || args.bools.has(encodeOption(i)))
      .map((i) => [i.name, true] as const),
  );
  const missing = missingRawOptions(model, command, vendor, encoded);
  if (missing.length > 0)
    throw new UsageError(
      `${label}: --${given[0]} describes the CPU, which needs ${missing.join(', ')} too (without the CPU's options it answers for the leaf alone)`,
    );
  const raw = rawCpuOf(model, command, args, arch.name, binding.name, clause.vendor);
  checkLeavesAgree(model, tables, command, raw);

  // The command's own inputs are cpuid registers (PM2392): the CPU's values.
  const registers: RegisterValues = new Map(raw.registers);
  const fromLeaves = new Set(
    ownIface.inputs.filter((i) => raw.registers.has(i.type)).map((i) => i.name),
  );
  for (const i of ownIface.inputs) {
    const v = own.get(i.name);
    if (typeof v !== 'bigint') continue;
    if (registers.has(i.type))
      throw new UsageError(
        `${i.type} is given twice: by --${i.name.replace(/_/g, '-')} and by --leaf`,
      );
    registers.set(i.type, v);
  }
  const cpu = { ...raw, registers };
  const values = rawCpuValues(model, tables, command, cpu);
  checkVendorKnown(model, tables, command, raw.vendor, values);
  const slot = cpuSlot(model, tables, command, values, clause.slot);
  if (typeof slot === 'string') throw new UsageError(`${label}: ${slot}`);

  const guessed = (answerKey: (inputs: Record<string, Value>) => string): string[] =>
    defaultedInputWarnings(model, tables, command, cpu, (v) => {
      const s = cpuSlot(model, tables, command, v, clause.slot);
      return typeof s === 'string' ? s : answerKey({ ...s.inputs });
    });
  // The command's own inputs the vendor's slot reads no register of (leaf
  // 0xA's on a vendor whose readers never consult it) are not needed, and
  // ignored with a warning when given.
  const unread = ownIface.inputs.filter((i) => !slot.iface.inputs.some((s) => s.type === i.type));
  const ignored = unread.filter((i) => own.has(i.name)).map((i) => `--${option(i.name)}`);
  const notNeeded = new Set([...fromLeaves, ...unread.map((i) => i.name)]);
  return {
    ...answeredBy(binding, slot, notNeeded, guessed),
    warnings: [
      ...unreadLeafWarnings(raw),
      ...(ignored.length > 0
        ? [
            `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} not read for this CPU: ${slot.iface.name} answers for its vendor without them`,
          ]
        : []),
    ],
  };
}

const option = (input: string): string => input.replace(/_/g, '-');

/** The question as the slot asks it. */
function answeredBy(
  binding: Binding,
  slot: CpuSlot,
  fromLeaves: ReadonlySet<string>,
  guessed: IdentifiedQuestion['guessed'],
): IdentifiedQuestion {
  return {
    binding: {
      ...binding,
      interface: slot.iface.name,
      consumer: slot.consumer ?? binding.consumer,
      ...(slot.over ? { over: slot.over } : {}),
    },
    iface: slot.iface,
    inputs: { ...slot.inputs },
    cpu: { ...slot.identity, interface: slot.iface.name },
    fromLeaves,
    warnings: [],
    guessed,
  };
}

/**
 * `--dump FILE`: every CPU of the dump, grouped by the inputs its slot binds
 * (CPUs a reader cannot tell apart give one answer, as `cpu --dump` groups
 * them); the question is the first group's, and archQuestion checks that
 * the other groups answer alike.
 */
function dumpQuestion(
  model: Model,
  tables: Tables,
  command: MCpuCommand,
  slotName: string,
  binding: Binding,
  ownIface: Model['interfaces'][number],
  dumpCpus: readonly DumpCpu[],
  label: string,
): IdentifiedQuestion {
  const groups = new Map<string, { cpus: string[]; slot: CpuSlot; values: RegisterValues }>();
  for (const dumpCpu of dumpCpus) {
    const values = valuesOfDumpCpu(model, dumpCpu);
    const slot = cpuSlot(model, tables, command, values, slotName);
    if (typeof slot === 'string') throw new UsageError(`${label}: ${dumpCpu.label}: ${slot}`);
    const key = `${slot.iface.name}(${JSON.stringify(slot.inputs, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))})`;
    const group = groups.get(key);
    if (group) group.cpus.push(dumpCpu.label);
    else groups.set(key, { cpus: [dumpCpu.label], slot, values });
  }
  const [first] = [...groups.values()];
  if (!first) throw new UsageError(`${label}: the dump has no CPU`);
  const fromLeaves = new Set(
    ownIface.inputs.filter((i) => first.values.has(i.type)).map((i) => i.name),
  );
  return {
    ...answeredBy(binding, first.slot, fromLeaves, () => []),
    cpu: {
      ...first.slot.identity,
      interface: first.slot.iface.name,
      cpus: [...groups.values()].flatMap((g) => g.cpus),
    },
    groups: [...groups.values()].map((g) => ({ cpus: g.cpus, inputs: { ...g.slot.inputs } })),
  };
}
