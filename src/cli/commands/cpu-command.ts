/**
 * `pmumap NAME ARCH (--dump FILE | --vendor TEXT [--INPUT VALUE]... [--leaf L[.S]=A,B,C,D]...)
 * [--kernel VERSION] [--json]`: a command command an arch block declares
 * (`command cpu` on x86: `pmumap cpu x86`). From a dump (every format
 * `cpuid --dump` reads, or the CPUID device) it answers once per group of
 * CPUs whose answers read the same inputs; from raw values, once. The raw
 * options are the command's vendor string and the inputs of its encode
 * interface (bool inputs are flags), then whole leaves.
 */
import { resolve } from 'node:path';
import type { DumpInput } from '../../host/cpuid-dump-input.ts';
import { openDumpInput, readCpuidDevice } from '../../host/cpuid-dump-input.ts';
import type { DumpCpu } from '../../host/cpuid-dump.ts';
import { readDump } from '../../host/cpuid-dump.ts';
import type { MCpuCommand } from '../../model/model.ts';
import type { MArch, Model } from '../../model/model.ts';
import { parseInputValue } from '../../query/input-values.ts';
import { leafOption, leavesToRead, valuesOfDumpCpu } from '../../query/cpu/cpu-values.ts';
import type { RegisterValues } from '../../query/cpu/cpu-values.ts';
import type { RawCpu } from '../../query/cpu/raw-cpu.ts';
import {
  checkLeavesAgree,
  defaultedInputWarnings,
  defaultText,
  encodeInterface,
  encodeOption,
  missingRawOptions,
  rawCpuValues,
  rawUsageError,
  unreadLeafWarnings,
} from '../../query/cpu/raw-cpu.ts';
import type { CpuAnswer, CpuOptions } from '../../query/cpu/cpu-answer.ts';
import { cpuAnswer } from '../../query/cpu/cpu-answer.ts';
import { checkVendorKnown } from '../../query/cpu/known-vendor.ts';
import { slotInputOptions, slotInputValues } from '../../query/cpu/slot-inputs.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { OptionKind } from '../args.ts';
import { flagText, parseArgs, single, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { kernelNotes, kernelOption } from '../kernel-option.ts';
import { formatCpuAnswer } from '../cpu/format-cpu.ts';

/** The whole-CPU command an arch declares under this name, if any. */
export function cpuCommandOf(arch: MArch | undefined, command: string): MCpuCommand | undefined {
  return arch?.cpuCommands?.find((m) => m.name === command);
}

/** One option of a whole-CPU command, as `pmumap commands` and `--help` list it. */
export interface CpuCommandOption {
  /** `--dump FILE`, `--family N`, `--hypervisor`: the option and its argument. */
  readonly usage: string;
  readonly option: string;
  readonly type: string;
  readonly doc: string;
}

/**
 * The options of a whole-CPU command: the fixed ones, the encode interface's
 * inputs, then the slot inputs no register gives (slot-inputs.ts).
 */
export function cpuCommandOptions(model: Model, cmd: MCpuCommand): CpuCommandOption[] {
  const encode = model.interfaces.find((i) => i.name === cmd.encode.interface);
  const fixed = (option: string, arg: string, type: string, doc: string): CpuCommandOption => ({
    usage: `${option} ${arg}`.trimEnd(),
    option,
    type,
    doc,
  });
  return [
    fixed(
      '--dump',
      'FILE',
      'path',
      'a CPUID dump (cpuid -r, AIDA64/InstLatx64, RJCP XML, libcpuid) or /dev/cpu/N/cpuid',
    ),
    fixed(
      '--vendor',
      'TEXT',
      'string',
      `the vendor string (${cmd.vendorString.length * 4} characters)`,
    ),
    ...(encode?.inputs ?? []).map((i) =>
      fixed(
        `--${encodeOption(i)}`,
        i.type === 'bool' ? '' : 'N',
        i.type,
        `${i.doc ?? i.name}${i.default && i.type !== 'bool' ? ` (default ${defaultText(model, i)}; a warning says when the answer depends on it)` : ''}`,
      ),
    ),
    fixed('--leaf', 'L[.S]=A,B,C,D', 'leaf', "a leaf's EAX, EBX, ECX, EDX (repeatable)"),
    ...slotInputOptions(model, cmd).map((o) =>
      fixed(
        `--${o.option}`,
        o.type === 'bool' ? 'BOOL' : 'N',
        o.type,
        `${o.doc} (default ${o.defaultText}; ${o.interfaces.join(', ')}; also with --dump)`,
      ),
    ),
    fixed('--kernel', 'VERSION', 'version', 'the reader versions that model that release'),
    fixed('--json', '', 'flag', 'print JSON instead of text'),
  ];
}

/** `pmumap NAME --help`: the usage and the options, from the tables. */
function cpuCommandHelp(model: Model, name: string): string {
  const lines: string[] = [];
  for (const arch of model.archs) {
    const cmd = cpuCommandOf(arch, name);
    if (!cmd) continue;
    const encode = model.interfaces.find((i) => i.name === cmd.encode.interface);
    const raw = (encode?.inputs ?? []).map((i) =>
      i.type === 'bool'
        ? `[--${encodeOption(i)}]`
        : i.default
          ? `[--${encodeOption(i)} N]`
          : `--${encodeOption(i)} N`,
    );
    const options = cpuCommandOptions(model, cmd);
    const w = Math.max(...options.map((o) => o.usage.length));
    const slots = slotInputOptions(model, cmd).map(
      (o) => `[--${o.option} ${o.type === 'bool' ? 'BOOL' : 'N'}]`,
    );
    lines.push(
      `usage: pmumap ${name} ${arch.name} (--dump FILE | --vendor TEXT ${raw.join(' ')} [--leaf LEAF[.SUB]=EAX,EBX,ECX,EDX]...) ${[...slots, ''].join(' ')}[--kernel VERSION] [--json]`,
      `pmumap ${name} ${arch.name}: ${cmd.doc ?? ''}`,
      '',
      'options:',
      ...options.map((o) => `  ${o.usage.padEnd(w)}  ${o.doc}`),
      '',
      'A bool option is --NAME (true) or --NAME true|false.',
      '',
    );
  }
  return lines.join('\n');
}

/**
 * `pmumap NAME ARCH OPTIONS...` for a whole-CPU command (arch-command.ts
 * dispatches here); `optionArgv` is what follows the arch and tables paths.
 */
export async function runCpuCommand(
  io: CliIo,
  model: Model,
  name: string,
  archName: string | undefined,
  optionArgv: readonly string[],
  help: boolean,
): Promise<number> {
  if (help) {
    io.stdout(cpuCommandHelp(model, name));
    return 0;
  }
  const offering = model.archs.filter((a) => cpuCommandOf(a, name));
  if (!archName)
    throw new UsageError(
      `${name} needs an architecture (${offering.map((a) => a.name).join(', ')})`,
    );
  const arch = model.archs.find((a) => a.name === archName);
  const command = cpuCommandOf(arch, name);
  if (!arch || !command)
    throw new UsageError(
      `'${name}' is not a command of ${archName} (expected an architecture: ${offering.map((a) => a.name).join(', ')})`,
    );
  return await cpuCommand(io, model, arch, command, optionArgv);
}

/** True when some arch declares `command` as a command command. */
export function isCpuCommand(model: Model, command: string): boolean {
  return model.archs.some((a) => cpuCommandOf(a, command) !== undefined);
}

/** The options a command command takes: fixed ones, the encode interface's inputs, the slot inputs. */
function optionSpec(model: Model, command: MCpuCommand): Map<string, OptionKind> {
  const spec = new Map<string, OptionKind>([
    ['no-cache', 'flag'],
    ['json', 'flag'],
    ['kernel', 'value'],
    ['dump', 'value'],
    ['vendor', 'value'],
    ['leaf', 'value'],
  ]);
  const encode = model.interfaces.find((i) => i.name === command.encode.interface);
  for (const i of encode?.inputs ?? [])
    spec.set(encodeOption(i), i.type === 'bool' ? 'flag' : 'value');
  for (const o of slotInputOptions(model, command))
    spec.set(o.option, o.type === 'bool' ? 'flag' : 'value');
  return spec;
}

/** The CPU raw options describe: the vendor string, the encode interface's inputs, then --leaf. */
export function rawCpuOf(
  model: Model,
  command: MCpuCommand,
  args: ReturnType<typeof parseArgs>,
  archName: string,
  commandName: string = command.name,
  defaultVendor?: string,
): RawCpu {
  const encode = encodeInterface(model, command);
  const vendor = single(args, 'vendor') ?? defaultVendor;
  const given = new Map<string, bigint | boolean>();
  for (const i of encode.inputs) {
    const name = encodeOption(i);
    if (i.type === 'bool') {
      const value = args.bools.get(name);
      if (value !== undefined) given.set(i.name, value);
      continue;
    }
    const text = single(args, name);
    if (text !== undefined)
      given.set(i.name, parseInputValue(model, encode, i.name, text, `--${name}`) as bigint);
  }
  const missing = missingRawOptions(model, command, vendor, given);
  if (missing.length > 0) throw rawUsageError(commandName, archName, missing);
  // A leaf given twice would keep only its last value, silently.
  const registers: RegisterValues = new Map();
  const unread: string[] = [];
  for (const text of args.options.get('leaf') ?? []) {
    const leaf = leafOption(model, text);
    if (leaf.size === 0) unread.push(text);
    for (const [k, v] of leaf) {
      if (registers.has(k))
        throw new UsageError(`--leaf: ${k} is given more than once ('${text}')`);
      registers.set(k, v);
    }
  }
  return { vendor: vendor!, given, registers, unread };
}

/**
 * The CPUs of `--dump FILE` (a dump in any format `cpuid --dump` reads, or a
 * CPUID device); a line that cannot be read is a usage error, its warnings
 * go to stderr. Undefined (after saying so) when no CPU is in it.
 */
export async function readDumpCpus(
  io: CliIo,
  model: Model,
  dump: string,
): Promise<readonly DumpCpu[] | undefined> {
  const label = `cannot read --dump '${dump}'`;
  const input: DumpInput = openDumpInput(resolve(io.cwd, dump), label);
  const text =
    input.kind === 'device'
      ? await readCpuidDevice(input.path, leavesToRead(model), label)
      : input.text;
  const parsed = readDump(text);
  const first = parsed.notes.find((n) => n.severity === 'error');
  if (first) throw new UsageError(`${dump}:${first.line}: ${first.message}`);
  for (const n of parsed.notes) io.stderr(`pmumap: warning: ${dump}:${n.line}: ${n.message}\n`);
  if (parsed.cpus.length === 0) {
    io.stderr(`pmumap: ${dump}: no CPUID leaves in any format pmumap reads\n`);
    return undefined;
  }
  return parsed.cpus;
}

export async function cpuCommand(
  io: CliIo,
  model: Model,
  arch: MArch,
  command: MCpuCommand,
  optionArgv: readonly string[],
): Promise<number> {
  const args = parseArgs(optionArgv, optionSpec(model, command));
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument '${args.positionals[0]}' after the options`);
  const kernel = kernelOption(args);
  const json = args.flags.has('json');
  const tables = loadTables(model);
  const dump = single(args, 'dump');
  // Slot inputs are no part of the CPU: they go with --dump and raw values alike.
  const slotOptions = slotInputOptions(model, command).map((o) => o.option);
  const slotInputs = slotInputValues(model, command, (o) => single(args, o) ?? flagText(args, o));
  const options: CpuOptions = { ...(kernel ? { kernel } : {}), slotInputs };

  let answers: { cpus: string[]; answer: CpuAnswer }[];
  if (dump !== undefined) {
    const raw = [...args.options.keys(), ...args.bools.keys()].filter(
      (k) => !['dump', 'json', 'kernel', 'no-cache', ...slotOptions].includes(k),
    );
    if (raw.length > 0) throw new UsageError(`give --dump or raw values (--${raw[0]}), not both`);
    const cpus = await readDumpCpus(io, model, dump);
    if (!cpus) return 1;
    const groups = new Map<string, { cpus: string[]; answer: CpuAnswer }>();
    for (const cpu of cpus) {
      const answer = cpuAnswer(model, tables, command, valuesOfDumpCpu(model, cpu), options);
      const g = groups.get(answer.key);
      if (g) g.cpus.push(cpu.label);
      else groups.set(answer.key, { cpus: [cpu.label], answer });
    }
    answers = [...groups.values()];
  } else {
    const raw = rawCpuOf(model, command, args, arch.name);
    checkLeavesAgree(model, tables, command, raw);
    const values = rawCpuValues(model, tables, command, raw);
    checkVendorKnown(model, tables, command, raw.vendor, values);
    const answer = cpuAnswer(model, tables, command, values, options);
    // What the CPU's readers answer: values and refusal codes, not who the
    // CPU is or the messages (which may quote the stepping itself).
    const answerKey = (values: RegisterValues): string => {
      const j = cpuAnswer(model, tables, command, values, options).json;
      return JSON.stringify([j['perf'], j['kvmGuest']], (k, v: unknown) =>
        k === 'message' ? undefined : v,
      );
    };
    const guessed = [
      ...unreadLeafWarnings(raw),
      ...defaultedInputWarnings(model, tables, command, raw, answerKey),
    ];
    const warnings = answer.json['warnings'] as { message: string; source: string | null }[];
    warnings.push(...guessed.map((message) => ({ message, source: null })));
    answers = [{ cpus: ['CPU'], answer }];
  }

  // How --kernel was read (a point release, an rc, newer than the tables): on stderr and in each answer.
  const notes = kernelNotes(model, args);
  for (const note of notes) io.stderr(`pmumap: note: ${note}\n`);
  for (const { answer } of answers)
    (answer.json['warnings'] as { message: string; source: string | null }[]).push(
      ...notes.map((message) => ({ message, source: null })),
    );
  if (json) {
    const list = answers.map((a) => ({ cpus: a.cpus, ...a.answer.json }));
    io.stdout(
      JSON.stringify(dump !== undefined ? { dump, answers: list } : list[0], null, 2) + '\n',
    );
  } else {
    io.stdout(answers.map((a) => formatCpuAnswer(a.cpus, a.answer)).join('\n'));
  }
  return 0;
}
