/**
 * `pmumap cpuid LEAF (--eax X --ebx X --ecx X --edx X [--hypervisor] | --dump FILE) [--consumer NAME]... [--json]`
 * and `pmumap cpuid disagree [--consumers a,b,...] [--json]`: what a CPUID
 * leaf means to every reader the tables model, from registers given on the
 * command line or from real dumps; and every class of inputs on which
 * readers disagree.
 */
import { resolve } from 'node:path';
import type { Model } from '../../model/model.ts';
import type { Tables } from '../../runtime/tables.ts';
import { loadTables } from '../../runtime/tables.ts';
import { EvalError } from '../../runtime/values.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import type { DumpInput } from '../../host/cpuid-dump-input.ts';
import { openDumpInput, readCpuidDevice } from '../../host/cpuid-dump-input.ts';
import type { ParsedDump } from '../../host/cpuid-dump.ts';
import { readDump } from '../../host/cpuid-dump.ts';
import { declaredLeaves, dumpAnswers, leafAbsences } from '../../query/cpuid/dump-answers.ts';
import { unreadByVendorNotes } from '../../query/cpuid/unread-by-vendor.ts';
import type { RoleValues } from '../../query/cpuid/leaf-answer.ts';
import { buildReport, cpuidRegisters, leafRegisters } from '../../query/cpuid/leaf-answer.ts';
import { disagreements } from '../../query/disagreements.ts';
import { formatDisagreements } from '../cpuid/format-disagreements.ts';
import { formatReport } from '../cpuid/format-report.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { startProgress } from '../progress.ts';

const NUM = /^(0x[0-9a-f_]+|\d+)$/i;

function parseU32(text: string, what: string): bigint {
  if (!NUM.test(text))
    throw new UsageError(`${what}: expected a 32-bit number (decimal or 0x), found '${text}'`);
  const v = BigInt(text.replace(/_/g, ''));
  if (v >= 1n << 32n) throw new UsageError(`${what}: ${text} does not fit in 32 bits`);
  return v;
}

/** The options `pmumap cpuid` takes (besides --no-cache and --help). */
export const CPUID_OPTIONS = {
  json: 'flag',
  eax: 'value',
  ebx: 'value',
  ecx: 'value',
  edx: 'value',
  hypervisor: 'flag',
  dump: 'value',
  consumer: 'value',
  consumers: 'value',
} as const;

/**
 * A consumer that reads CPUID: one implementing an interface with a cpuid
 * register input (or, for disagree, an explored interface). A typo is a
 * usage error naming the closest, not an empty answer.
 */
function knownConsumer(model: Model, what: string, name: string, disagree: boolean): void {
  const registers = new Set(cpuidRegisters(model).map((r) => r.name));
  const interfaces = new Set(
    disagree
      ? model.explores.map((x) => x.interface)
      : model.interfaces
          .filter((i) => i.inputs.some((x) => registers.has(x.type)))
          .map((i) => i.name),
  );
  const names = [
    ...new Set(model.consumers.filter((c) => interfaces.has(c.implements)).map((c) => c.name)),
  ];
  if (!names.includes(name))
    throw new UsageError(
      `${what}: unknown consumer '${name}'${didYouMean(name, names)} (expected ${names.join(', ')})`,
    );
}

/** The leaf a `cpuid LEAF` question names, its registers, and the --consumer names (checked). */
function leafQuestion(model: Model, leafText: string, args: ParsedArgs) {
  if (!NUM.test(leafText))
    throw new UsageError(`expected a leaf number like 0xa or "disagree", found '${leafText}'`);
  const leaf = BigInt(leafText);
  const regs = leafRegisters(model, leaf);
  if (regs.length === 0) {
    const leaves = [...new Set(cpuidRegisters(model).map((r) => r.cpuid?.leaf))].join(', ');
    throw new UsageError(
      `the tables describe no CPUID leaf ${leafText} (expected one of ${leaves})`,
    );
  }
  const consumers = args.options.get('consumer') ?? [];
  for (const c of consumers) knownConsumer(model, '--consumer', c, false);
  return { leaf, regs, consumers };
}

/**
 * `cpuid LEAF --eax X --ebx X --ecx X --edx X [--hypervisor] [--consumer NAME]...`:
 * the report for registers given as options. Its `json` is what --json
 * prints (also one line of `pmumap query`). Mistakes are UsageErrors.
 */
export function registersReport(
  model: Model,
  tables: Tables,
  leafText: string,
  args: ParsedArgs,
  trace = true,
) {
  const { leaf, regs, consumers } = leafQuestion(model, leafText, args);
  // --hypervisor sets the inputs declaring `role hypervisor`, whatever their names.
  const roles: RoleValues = args.flags.has('hypervisor') ? { hypervisor: true } : {};
  const values = new Map<string, bigint>();
  for (const reg of regs) {
    const name = reg.cpuid?.reg ?? '';
    const text = single(args, name);
    if (text === undefined)
      throw new UsageError(
        `cpuid ${leafText} needs --eax, --ebx, --ecx and --edx (or --dump FILE); --${name} is missing`,
      );
    values.set(reg.name, parseU32(text, `--${name}`));
  }
  return {
    values,
    report: buildReport(model, tables, leaf, values, {}, { consumers, trace, roles }),
  };
}

export async function cpuidCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [leafText, ...paths] = args.positionals;
  if (!leafText) throw new UsageError('cpuid needs a leaf (e.g. 0xa) or "disagree"');
  const dump = single(args, 'dump');
  // A dump file is read before the tables compile: a bad input fails at once.
  const input =
    dump === undefined
      ? undefined
      : openDumpInput(resolve(io.cwd, dump), `cannot read --dump '${dump}'`);
  const loaded = await loadModel(io, paths, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const model = loaded.model;
  const tables = loadTables(model);
  const json = args.flags.has('json');

  if (leafText === 'disagree') {
    const list = single(args, 'consumers')
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    for (const c of list ?? []) knownConsumer(model, '--consumers', c, true);
    const progress = startProgress(io, 'cpuid disagree');
    progress.step('comparing the readers on every class of inputs', true);
    let found: ReturnType<typeof disagreements>;
    try {
      found = disagreements(model, tables, list ?? []);
    } finally {
      progress.done();
    }
    io.stdout(json ? JSON.stringify(found, null, 2) + '\n' : formatDisagreements(found));
    return 0;
  }

  const { leaf, regs, consumers } = leafQuestion(model, leafText, args);
  try {
    if (dump !== undefined && input !== undefined) {
      const parsed = await dumpOf(io, model, dump, input);
      const answers = dumpAnswers(model, tables, leaf, parsed.cpus, consumers, !json);
      for (const why of leafAbsences(model, leaf, parsed.cpus, answers.length > 0))
        io.stderr(`pmumap: ${answers.length > 0 ? 'note: ' : ''}${dump}: ${why}\n`);
      if (answers.length === 0) return 1;
      for (const note of unreadByVendorNotes(model, tables, leaf, parsed.cpus, dump))
        io.stderr(`pmumap: note: ${dump}: ${note}\n`);
      io.stdout(
        json
          ? JSON.stringify(
              { dump, answers: answers.map((a) => ({ cpus: a.cpus, ...a.report.json })) },
              null,
              2,
            ) + '\n'
          : answers
              .map((a) => `${a.cpus.join(', ')}:\n${formatReport(model, a.values, regs, a.report)}`)
              .join('\n'),
      );
      return 0;
    }
    const { values, report } = registersReport(model, tables, leafText, args, !json);
    io.stdout(
      json
        ? JSON.stringify(report.json, null, 2) + '\n'
        : formatReport(model, values, regs, report),
    );
    return 0;
  } catch (e) {
    if (e instanceof EvalError) {
      io.stderr(`pmumap: cannot evaluate: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * The dump's CPUs. A line with a value wider than 32 bits is an error
 * naming the line (exit 2); a leaf reported twice with other values is a
 * warning on stderr.
 */
async function dumpOf(
  io: CliIo,
  model: Model,
  dump: string,
  input: DumpInput,
): Promise<ParsedDump> {
  const label = `cannot read --dump '${dump}'`;
  const text =
    input.kind === 'device'
      ? await readCpuidDevice(input.path, declaredLeaves(model), label)
      : input.text;
  const parsed = readDump(text);
  const errors = parsed.notes.filter((n) => n.severity === 'error');
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more line(s) like it)` : '';
    throw new UsageError(`${dump}:${first.line}: ${first.message}${more}`);
  }
  for (const n of parsed.notes) io.stderr(`pmumap: warning: ${dump}:${n.line}: ${n.message}\n`);
  return parsed;
}
