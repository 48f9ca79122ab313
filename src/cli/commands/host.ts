/**
 * `pmumap host [PATH...] [--sysfs ROOT|SNAPSHOT.json] [--cpus LIST]
 * [--consumer NAME] [--arch ARCH] [--json] [--snapshot OUT.json]`: read a
 * host's perf PMUs from sysfs and plan the guest's vPMU with the tables.
 * Exit 0 with a plan (whatever it is), 1 on table errors, 2 on a bad
 * argument or an unreadable --sysfs.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCpuList, parseCpuList } from '../../host/cpu-list.ts';
import { formatPlan, planJson } from '../host/format-plan.ts';
import { findConsumer, statusLabel } from '../../model/kernel-choice.ts';
import { hostAnswer, planAnswer, planRule } from '../../query/host-answer.ts';
import { planHost } from '../../query/host-plan.ts';
import { readHost } from '../../host/read-host.ts';
import type { Snapshot, SysfsSource } from '../../host/sysfs-source.ts';
import {
  directorySource,
  recording,
  snapshotProblem,
  snapshotSource,
} from '../../host/sysfs-source.ts';
import { readBoundedText } from '../../io/bounded-read.ts';
import { INPUT_LIMITS } from '../../io/input-limits.ts';
import { consumersOf } from '../../runtime/run.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { ParsedArgs } from '../args.ts';
import { oneOf, single, UsageError } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import { consumerStatusJson, patchLabel } from '../../query/kernel-answers.ts';
import { kernelNotes, kernelOption } from '../kernel-option.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { writeAtomically } from '../write-files.ts';

function openSysfs(cwd: string, given: string): SysfsSource {
  const path = resolve(cwd, given);
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new UsageError(
      `--sysfs '${given}': ${(e as NodeJS.ErrnoException).code ?? 'cannot read it'}`,
    );
  }
  if (isDir) return directorySource(path, given);
  // A snapshot: a regular file within INPUT_LIMITS.snapshot (a FIFO or /dev/zero is refused at once).
  const text = readBoundedText(path, {
    maxBytes: INPUT_LIMITS.snapshot,
    label: `--sysfs '${given}'`,
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const why = e instanceof SyntaxError ? 'not JSON' : 'unreadable';
    throw new UsageError(
      `--sysfs '${given}': expected a directory or a pmumap host snapshot (${why})`,
    );
  }
  const problem = snapshotProblem(parsed);
  if (problem) throw new UsageError(`--sysfs '${given}': not a pmumap host snapshot: ${problem}`);
  return snapshotSource(parsed as Snapshot, given);
}

/** Keys sorted, so the same reads give the same bytes. */
function snapshotText(s: Snapshot): string {
  const sorted = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k] as T]),
    );
  return (
    JSON.stringify({ format: s.format, dirs: sorted(s.dirs), files: sorted(s.files) }, null, 2) +
    '\n'
  );
}

export async function hostCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const sysfs = single(args, 'sysfs') ?? '/sys';
  const cpusText = single(args, 'cpus');
  let cpus: readonly number[] | undefined;
  if (cpusText !== undefined) {
    const r = parseCpuList(cpusText);
    if (!r.ok || r.cpus.length === 0)
      throw new UsageError(
        `--cpus '${cpusText}': expected a CPU list like 0-3,8 (${r.ok ? 'it is empty' : r.why})`,
      );
    cpus = r.cpus;
  }
  const source = openSysfs(io.cwd, sysfs);
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const tables = loadTables(loaded.model);
  const archName = single(args, 'arch');
  const archs = loaded.model.archs.filter((a) => a.host);
  if (archName !== undefined)
    oneOf(
      '--arch',
      archName,
      archs.map((a) => a.name),
    );

  const rec = recording(source);
  const cpuIdFiles = archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
  const host = readHost(rec.source, cpuIdFiles);
  if (cpus) {
    const unknown = cpus.filter((c) => !host.possible.includes(c));
    if (unknown.length)
      throw new UsageError(
        `--cpus: CPU(s) ${formatCpuList(unknown)} are not possible on this host (${formatCpuList(host.possible)})`,
      );
  }
  const kernel = kernelOption(args);
  for (const note of kernelNotes(loaded.model, args)) io.stderr(`pmumap: note: ${note}\n`);
  const asked = single(args, 'consumer');
  const plan = planHost(tables, host, {
    ...(cpus ? { cpus } : {}),
    ...(archName ? { arch: archName } : {}),
  });
  const { rule } = planRule(loaded.model, plan);
  if (asked !== undefined) {
    const names = rule ? consumersOf(tables, rule.interface) : [];
    if (!names.includes(asked))
      throw new UsageError(
        `--consumer '${asked}': expected one of ${names.join(', ') || '(no plan for this host)'}${didYouMean(asked, names)}`,
      );
  }
  const {
    iface,
    plan: final,
    patches,
  } = hostAnswer(loaded.model, tables, host, plan, {
    ...(cpus ? { cpus } : {}),
    ...(archName ? { arch: archName } : {}),
    ...(asked !== undefined ? { consumer: asked } : {}),
    ...(kernel ? { kernel } : {}),
  });
  const out = single(args, 'snapshot');
  if (out !== undefined)
    writeAtomically(resolve(io.cwd, out), snapshotText(rec.snapshot), 'snapshot');
  const status = final.consumer ? consumerStatusJson(loaded.model, iface, final.consumer) : null;
  if (args.flags.has('json')) {
    const json = {
      ...planJson(final),
      status,
      patches: patches.map(({ consumer, plan }) => ({
        ...planAnswer(plan),
        status: consumerStatusJson(loaded.model, iface, consumer.name),
      })),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
    return 0;
  }
  io.stdout(
    formatPlan(final, {
      ...(final.consumer
        ? { status: statusLabel(findConsumer(loaded.model, iface, final.consumer)?.status) }
        : {}),
      patches: patches.map(({ consumer, plan }) => ({ label: patchLabel(consumer), plan })),
    }),
  );
  return 0;
}
