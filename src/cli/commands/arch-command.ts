/**
 * `pmumap COMMAND ARCH [--INPUT VALUE]... [--consumer NAME | --mode MODE] [--json]`:
 * the questions an arch block of the tables binds to an interface (map,
 * generic, pmceid on arm64). Options are the interface's inputs, spelled
 * with dashes; inputs left out take their declared defaults. Without --json
 * every step taken is printed with its tables line.
 */
import type { MArch, Model } from '../../model/model.ts';
import { isRangesType, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { EvalError, formatValue } from '../../runtime/values.ts';
import type { OptionKind } from '../args.ts';
import { flagInArgv, flagText, parseArgs, single, UsageError, wantsHelp } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import { explainRun, outcomeLine } from '../explain.ts';
import { consumerForKernel, differingPatches, patchLabel } from '../../query/kernel-answers.ts';
import { kernelNotes, kernelOption } from '../kernel-option.ts';
import type { ArchQuestion } from '../../query/arch-answer.ts';
import { answerOf, archAnswerJson, membersOf } from '../../query/arch-answer.ts';
import { parseInputValue } from '../../query/input-values.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { commandRows, formatCommandRows } from './commands.ts';
import type { DumpCpu } from '../../host/cpuid-dump.ts';
import { isCpuCommand, readDumpCpus, runCpuCommand } from './cpu-command.ts';
import { identifiedQuestion, identityOptions, noIdentityWarning } from './identified-question.ts';

const option = (input: string): string => input.replace(/_/g, '-');

function findArch(model: Model, command: string, archName: string | undefined): MArch {
  const offering = model.archs.filter((a) => a.commands.some((c) => c.name === command));
  if (!archName)
    throw new UsageError(
      `${command} needs an architecture (${offering.map((a) => a.name).join(', ')})`,
    );
  const arch = model.archs.find((a) => a.name === archName);
  if (!arch) {
    const names = model.archs.map((a) => a.name);
    throw new UsageError(
      `unknown architecture '${archName}'${didYouMean(archName, names)} (expected ${names.join(', ')})`,
    );
  }
  if (!arch.commands.some((c) => c.name === command)) {
    throw new UsageError(
      `'${command}' is not a command of ${archName} (expected ${arch.commands.map((c) => c.name).join(', ')})`,
    );
  }
  return arch;
}

/** True when `name` is a command some arch in the model declares. */
export function isArchCommand(model: Model, name: string): boolean {
  return model.archs.some((a) => a.commands.some((c) => c.name === name));
}

/** `pmumap COMMAND [ARCH] --help`: what the tables declare for it, as `pmumap commands` prints it. */
function archCommandHelp(model: Model, command: string, archName: string | undefined): string {
  const rows = commandRows(model).filter(
    (r) => r.command === command && (archName === undefined || r.arch === archName),
  );
  if (rows.length === 0) findArch(model, command, archName);
  const common =
    '  common options: --consumer NAME | --mode MODE, --kernel VERSION (the reader version that models that release), --json, --no-cache, --help\n  a bool input is --NAME (true) or --NAME true|false';
  return `usage: pmumap ${command} ARCH [--INPUT VALUE]... [--consumer NAME | --mode MODE] [--kernel VERSION] [--json]\n\n${formatCommandRows(rows)}${common}\n`;
}

const shapes = new WeakMap<Model, Map<string, ReturnType<typeof shapeOf>>>();

/** What an arch command is, from the model alone: once per model, as `pmumap query` asks often. */
function commandShape(model: Model, command: string, archName: string | undefined) {
  let perModel = shapes.get(model);
  if (!perModel) {
    perModel = new Map();
    shapes.set(model, perModel);
  }
  const key = `${command}\0${archName ?? ''}`;
  let shape = perModel.get(key);
  if (!shape) {
    shape = shapeOf(model, command, archName);
    perModel.set(key, shape);
  }
  return shape;
}

function shapeOf(model: Model, command: string, archName: string | undefined) {
  const arch = findArch(model, command, archName);
  const binding = arch.commands.find((c) => c.name === command)!;
  const iface = model.interfaces.find((i) => i.name === binding.interface)!;
  const inputOptions = iface.inputs.filter((i) => i.name !== binding.over);
  const spec = new Map<string, OptionKind>([
    ['no-cache', 'flag'],
    ['json', 'flag'],
    ['consumer', 'value'],
    ['mode', 'value'],
    ['kernel', 'value'],
  ]);
  // A bool input is a flag: `--hypervisor`, `--hypervisor true|false`, as every command takes it.
  for (const i of inputOptions) spec.set(option(i.name), i.type === 'bool' ? 'flag' : 'value');
  // `identity CPU.SLOT`: the whole-CPU command's options describe the CPU.
  for (const [k, kind] of identityOptions(model, arch, binding))
    if (!spec.has(k)) spec.set(k, kind);
  return { arch, binding, iface, inputOptions, spec };
}

/**
 * Parse the options of `pmumap COMMAND ARCH OPTIONS...` (`optionArgv` is
 * what follows the arch and any tables paths). Mistakes are UsageErrors.
 */
export function archQuestion(
  model: Model,
  command: string,
  archName: string | undefined,
  optionArgv: readonly string[],
  tables?: Tables,
  dumpCpus?: readonly DumpCpu[],
): ArchQuestion {
  const { arch, binding, iface, inputOptions, spec } = commandShape(model, command, archName);
  const args = parseArgs(optionArgv, spec);
  if (args.positionals.length > 0)
    throw new UsageError(`unexpected argument '${args.positionals[0]}' after the options`);

  // A Map: an input may be named like an Object property (constructor, __proto__).
  const values = new Map<string, Value>();
  for (const i of inputOptions) {
    const text = i.type === 'bool' ? flagText(args, option(i.name)) : single(args, option(i.name));
    if (text !== undefined)
      values.set(i.name, parseInputValue(model, iface, i.name, text, `--${option(i.name)}`));
  }
  // Given the CPU's identity, a whole-CPU command's slot answers (identified-question.ts).
  const identified = binding.identity
    ? identifiedQuestion(
        model,
        (tables ??= loadTables(model)),
        arch,
        binding,
        args,
        values,
        iface,
        dumpCpus,
      )
    : undefined;
  const missing = inputOptions
    .filter((i) => !values.has(i.name) && !i.default && !isRangesType(i.type))
    .filter((i) => !identified?.fromLeaves.has(i.name))
    .map((i) => `--${option(i.name)}`);
  if (missing.length > 0)
    throw new UsageError(
      `${command} ${arch.name} needs ${missing.join(', ')}${identified ? ' (or their leaf, by --leaf)' : ''}`,
    );
  const inputs: Record<string, Value> = identified?.inputs ?? Object.fromEntries(values);
  const asked = identified?.binding ?? binding;
  const answering = identified?.iface ?? iface;

  const consumerName = single(args, 'consumer');
  const modeName = single(args, 'mode');
  if (consumerName && modeName) throw new UsageError('give --consumer or --mode, not both');
  let consumer = asked.consumer;
  if (modeName) {
    const modes = arch.modes.filter((m) =>
      model.consumers.some((c) => c.name === m.consumer && c.implements === answering.name),
    );
    const mode = modes.find((m) => m.name === modeName);
    if (!mode && modes.length === 0) {
      // No mode's consumer implements this interface: say what picks a reader here.
      const all = model.consumers.filter((c) => c.implements === answering.name);
      throw new UsageError(
        `${command} ${arch.name} has no --mode; pick its reader with --consumer (${all.map((c) => c.name).join(', ')}) or --kernel VERSION`,
      );
    }
    if (!mode) {
      const names = modes.map((m) => m.name);
      throw new UsageError(
        `unknown --mode '${modeName}'${didYouMean(modeName, names)} (expected ${names.join(', ')})`,
      );
    }
    consumer = mode.consumer;
  }
  if (consumerName) {
    const all = model.consumers.filter((c) => c.implements === answering.name).map((c) => c.name);
    if (!all.includes(consumerName))
      throw new UsageError(
        `unknown --consumer '${consumerName}' for ${command}${didYouMean(consumerName, all)} (expected ${all.join(', ')})`,
      );
    consumer = consumerName;
  }
  // --kernel: the version of the chosen reader whose mainline range holds it.
  consumer = consumerForKernel(model, answering.name, consumer, kernelOption(args));
  const q: ArchQuestion = {
    arch,
    binding: asked,
    iface: answering,
    inputs,
    consumer,
    json: args.flags.has('json'),
  };
  if (!identified) {
    const none = noIdentityWarning(model, arch, binding);
    return none ? { ...q, identity: none } : q;
  }
  // A defaulted --stepping is named only when another value changes the answer.
  const t: Tables = tables ?? loadTables(model);
  const answerKey = (given: Record<string, Value>): string =>
    JSON.stringify(answerOf(model, t, { ...q, inputs: given }), (k, v: unknown) =>
      k === 'message' ? undefined : v,
    );
  // A dump's CPUs: one answer only if every group of them answers alike.
  const groups = identified.groups ?? [];
  const answers = new Set(groups.map((g) => answerKey(g.inputs)));
  if (answers.size > 1)
    throw new UsageError(
      `${command} ${arch.name}: the dump's CPUs answer differently (${groups.map((g) => g.cpus[0]).join('; ')}); \`pmumap ${binding.identity?.command ?? ''} ${arch.name} --dump\` answers for each`,
    );
  return {
    ...q,
    identity: {
      cpu: identified.cpu,
      warnings: [...identified.warnings, ...identified.guessed(answerKey)],
    },
  };
}

/** How --kernel was read (a point release, an rc, newer than the tables), one line each. */
export function archKernelNotes(
  model: Model,
  command: string,
  archName: string | undefined,
  optionArgv: readonly string[],
): string[] {
  const { spec } = commandShape(model, command, archName);
  return kernelNotes(model, parseArgs(optionArgv, spec));
}

/** The answer's JSON with the --kernel notes as `warnings` (after its own; the key only when any). */
export function withKernelNotes(
  json: Record<string, unknown>,
  notes: readonly string[],
): Record<string, unknown> {
  if (notes.length === 0) return json;
  const own = (json['warnings'] ?? []) as unknown[];
  return { ...json, warnings: [...own, ...notes.map((message) => ({ message, source: null }))] };
}

/** `--dump FILE` of a command with `identity`, read before the question is (a CPUID device is read asynchronously). */
async function dumpOf(
  io: CliIo,
  model: Model,
  command: string,
  archName: string | undefined,
  optionArgv: readonly string[],
): Promise<readonly DumpCpu[] | undefined | 'unreadable'> {
  const { binding, spec } = commandShape(model, command, archName);
  if (!binding.identity) return undefined;
  const dump = single(parseArgs(optionArgv, spec), 'dump');
  if (dump === undefined) return undefined;
  return (await readDumpCpus(io, model, dump)) ?? 'unreadable';
}

/** The patch-only answers that differ from the question's, as lines beside it. */
function patchLines(model: Model, tables: Tables, q: ArchQuestion): string[] {
  const json = (consumer: string): unknown => answerOf(model, tables, { ...q, consumer });
  return differingPatches(model, q.iface.name, q.consumer, json).map(({ consumer }) => {
    const run = runConsumer(tables, consumer.name, q.inputs, q.iface.name);
    const outs = Object.entries(run.outputs).map(([k, v]) => `${k} = ${formatValue(v)}`);
    const line = outcomeLine(run, patchLabel(consumer));
    return `  ${line}${run.outcome ? '' : ` ${outs.join(', ')}`}`;
  });
}

/** Who the CPU is, as the first line of an identified answer: `CPU: vendor GenuineIntel, family 6, ...`. */
function cpuLine(cpu: Readonly<Record<string, unknown>>): string {
  const { interface: answeredBy, ...who } = cpu;
  const parts = Object.entries(who).map(
    ([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`,
  );
  return `CPU: ${parts.join(', ')}; answered by ${String(answeredBy)}`;
}

export async function archCommand(
  io: CliIo,
  command: string,
  argvGiven: readonly string[],
  builtins: readonly string[],
): Promise<number> {
  const help = wantsHelp(argvGiven);
  const argv = help ? argvGiven.filter((a) => a !== '--help' && a !== '-h') : argvGiven;
  const firstFlag = argv.findIndex((a) => a.startsWith('--'));
  const positional = firstFlag < 0 ? [...argv] : argv.slice(0, firstFlag);
  const [archName, ...paths] = positional;
  const useCache = !flagInArgv(argv, 'no-cache');
  let loaded: Awaited<ReturnType<typeof loadModel>>;
  try {
    loaded = await loadModel(io, paths, useCache);
  } catch (e) {
    // `pmumap explian arm64 EVENT`: the words after a mistyped command are no tables
    // paths; say the command is unknown when the default tables do not declare it.
    if (!(e instanceof UsageError) || paths.length === 0) throw e;
    const defaults = await loadModel(io, [], useCache);
    if (
      !defaults ||
      isArchCommand(defaults.model, command) ||
      isCpuCommand(defaults.model, command)
    )
      throw e;
    loaded = defaults;
  }
  if (!loaded) return 1;
  const model = loaded.model;
  // A whole-CPU command (`command NAME { ... }`) is run by cpu-command.ts.
  if (isCpuCommand(model, command))
    return await runCpuCommand(io, model, command, archName, argv.slice(positional.length), help);
  if (!isArchCommand(model, command)) {
    const declared = [
      ...new Set(
        model.archs.flatMap((a) => [
          ...a.commands.map((c) => c.name),
          ...(a.cpuCommands ?? []).map((c) => c.name),
        ]),
      ),
    ];
    throw new UsageError(
      `unknown command '${command}'${didYouMean(command, [...builtins, ...declared])} (expected ${builtins.join(', ')}${declared.length ? `, or an arch command: ${declared.join(', ')}` : ''})`,
    );
  }
  if (help) {
    io.stdout(archCommandHelp(model, command, archName));
    return 0;
  }
  const tables = loadTables(model);
  const optionArgv = firstFlag < 0 ? [] : argv.slice(firstFlag);
  const dumpCpus = await dumpOf(io, model, command, archName, optionArgv);
  if (dumpCpus === 'unreadable') return 1;
  const q = archQuestion(model, command, archName, optionArgv, tables, dumpCpus);
  const notes = archKernelNotes(model, command, archName, optionArgv);
  for (const note of notes) io.stderr(`pmumap: note: ${note}\n`);
  try {
    if (q.json) {
      const json = withKernelNotes(
        archAnswerJson(model, tables, q) as Record<string, unknown>,
        notes,
      );
      io.stdout(JSON.stringify(json, null, 2) + '\n');
      return 0;
    }
    const { iface, binding, consumer, inputs } = q;
    // Who the CPU is and the question's warnings, before the answer.
    const head = [
      ...(q.identity?.cpu ? [cpuLine(q.identity.cpu)] : []),
      ...(q.identity?.warnings ?? []).map((w) => `warning: ${w}`),
    ];
    if (head.length > 0) io.stdout(`${head.join('\n')}\n\n`);
    if (binding.over) {
      const overType = iface.inputs.find((i) => i.name === binding.over)?.type ?? '';
      const items = membersOf(model, overType).map((m) => ({
        m,
        r: runConsumer(tables, consumer, { ...inputs, [binding.over!]: m.value }, iface.name),
      }));
      io.stdout(
        items
          .map(
            ({ m, r }) =>
              `${m.name} (${m.label}, ${formatValue(m.value)}):\n${explainRun(model, iface, r, true)}`,
          )
          .join('\n\n') + '\n',
      );
      return 0;
    }
    const r = runConsumer(tables, consumer, inputs, iface.name);
    // The patch-only answers go beside the answer, before the steps it took.
    const lines = explainRun(model, iface, r, true).split('\n');
    const at = Object.keys(r.outputs).length > 0 ? 2 : 1;
    lines.splice(at, 0, ...patchLines(model, tables, q));
    io.stdout(lines.join('\n') + '\n');
    return 0;
  } catch (e) {
    if (e instanceof EvalError) {
      io.stderr(`pmumap: cannot evaluate: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
