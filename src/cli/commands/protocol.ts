/**
 * `pmumap protocol ARCH check SEQUENCE [PATH...]` and `pmumap protocol ARCH
 * explore [PATH...] [--depth N]`: a call sequence run on every machine of
 * the protocol the tables bind to ARCH (`protocol NAME on ARCH`), or a
 * search for the shortest sequences on which machines disagree. The
 * protocol, its calls and their words all come from the tables.
 */
import type { Model } from '../../model/model.ts';
import type { MMachine, MProtocol } from '../../model/protocol-model.ts';
import { readBoundedText } from '../../io/bounded-read.ts';
import { INPUT_LIMITS } from '../../io/input-limits.ts';
import { exploreDisagreements } from '../../protocol/explore-disagreements.ts';
import { exploreSpace } from '../../protocol/explore-space.ts';
import type { EnumNames } from '../../protocol/invocation-text.ts';
import { enumNames, formatInvocation } from '../../protocol/invocation-text.ts';
import type { SequenceRun } from '../../protocol/run-sequence.ts';
import { runSequence } from '../../protocol/run-sequence.ts';
import { parseSequence } from '../../protocol/sequence-file.ts';
import { statusLabel } from '../../model/kernel-choice.ts';
import type { ParsedArgs } from '../args.ts';
import { UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { resolve } from 'node:path';

export const PROTOCOL_OPTIONS = {
  'no-cache': 'flag',
  json: 'flag',
  consumer: 'value',
  depth: 'value',
  vcpus: 'value',
} as const;

const MAX_DEPTH = 12;
const MAX_VCPUS = 8;

function namesOf(model: Model): EnumNames {
  return enumNames(
    model.enums.map((e) => ({
      name: e.name,
      members: e.members.map((m) => ({ name: m.name, value: BigInt(m.value) })),
    })),
  );
}

function pickProtocol(model: Model, arch: string): MProtocol {
  const protocols = model.protocols ?? [];
  const p = protocols.find((x) => x.arch === arch);
  if (p) return p;
  const known = protocols.map((x) => x.arch);
  throw new UsageError(
    `no protocol for arch '${arch}' in the tables; ${known.length > 0 ? `protocols exist for ${known.join(', ')}` : 'they declare none'}`,
  );
}

function pickMachines(model: Model, proto: MProtocol, wanted: readonly string[]): MMachine[] {
  const all = (model.machines ?? []).filter((m) => m.protocol === proto.name);
  if (wanted.length === 0) return all;
  const names = wanted.flatMap((w) => w.split(',')).filter((w) => w !== '');
  return names.map((n) => {
    const m = all.find((x) => x.name === n);
    if (!m) {
      throw new UsageError(
        `--consumer '${n}' is not a machine of protocol ${proto.name}; expected one of ${all.map((x) => x.name).join(', ')}`,
      );
    }
    return m;
  });
}

function intOption(args: ParsedArgs, name: string, fallback: number, max: number): number {
  const text = args.options.get(name)?.at(-1);
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`--${name} '${text}': expected a whole number from 1 to ${max}`);
  }
  return Number(text);
}

/** "0" or "EBUSY" as the JSON writes a result. */
function jsonResult(r: string | null): number | string | null {
  return r === null ? null : r === '0' ? 0 : r.replace(/^-/, '');
}

/**
 * Per call, one row per group of machines that answer alike (same result,
 * same deciding line): `all` when every machine does.
 */
function formatCheck(file: string, run: SequenceRun, heading: string): string {
  const out = [heading];
  const first = run.answers.get(run.machines[0] ?? '') ?? [];
  first.forEach((a, i) => {
    out.push(`${file}:${a.line}  ${a.call}`);
    const groups = new Map<string, { names: string[]; result: string; where: string }>();
    for (const m of run.machines) {
      const x = run.answers.get(m)?.[i];
      const result = x?.result ?? 'no rule';
      const where = x?.source ? `${x.source}${x.label ? ` (${x.label})` : ''}` : '';
      const key = `${result}\u0000${where}`;
      const g = groups.get(key) ?? { names: [], result, where };
      g.names.push(m);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const who = groups.size === 1 && run.machines.length > 1 ? 'all' : g.names.join(', ');
      out.push(`    ${g.result.padEnd(8)} ${g.where}  [${who}]`);
    }
  });
  const d = run.disagreements[0];
  out.push(
    d
      ? `first disagreement: ${file}:${d.line} ${d.call}: ${Object.entries(d.results)
          .map(([m, r]) => `${m} ${r ?? 'no rule'}`)
          .join(', ')}`
      : 'the consumers agree on every call',
  );
  out.push(`expectations: ${run.held} held, ${run.failures.length} failed`);
  for (const f of run.failures) {
    out.push(
      `  ${file}:${f.line} ${f.call}: expected ${f.expected}, ${f.machine} gives ${f.result ?? 'no rule'}`,
    );
  }
  return out.join('\n') + '\n';
}

async function check(io: CliIo, arch: string, args: ParsedArgs, rest: string[]): Promise<number> {
  const [file, ...tables] = rest;
  if (file === undefined) throw new UsageError('protocol check: name the SEQUENCE file');
  const text = readBoundedText(resolve(io.cwd, file), {
    maxBytes: INPUT_LIMITS.sequence,
    label: `sequence '${file}'`,
  });
  const loaded = await loadModel(io, tables, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const { model } = loaded;
  const proto = pickProtocol(model, arch);
  const machines = pickMachines(model, proto, args.options.get('consumer') ?? []);
  const names = namesOf(model);
  const all = (model.machines ?? []).filter((m) => m.protocol === proto.name).map((m) => m.name);
  const seq = parseSequence(text, file, proto, names, all);
  const run = runSequence(proto, machines, seq, (i) => seq.calls[i]?.text ?? '');
  if (args.flags.has('json')) {
    const json = {
      protocol: proto.name,
      arch,
      consumers: Object.fromEntries(
        run.machines.map((m) => [
          m,
          (run.answers.get(m) ?? []).map((a) => ({
            line: a.line,
            call: a.call,
            result: jsonResult(a.result),
            source: a.source,
          })),
        ]),
      ),
      disagreements: run.disagreements.map((d) => ({
        line: d.line,
        call: d.call,
        results: Object.fromEntries(Object.entries(d.results).map(([m, r]) => [m, jsonResult(r)])),
      })),
      expectations: {
        held: run.held,
        failed: run.failures.length,
        failures: run.failures.map((f) => ({
          line: f.line,
          call: f.call,
          consumer: f.machine,
          expected: jsonResult(f.expected),
          result: jsonResult(f.result),
        })),
      },
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    const kernels = machines.map((m) => `${m.name} (${statusLabel(m.status)})`).join(', ');
    io.stdout(formatCheck(file, run, `protocol ${proto.name} on ${arch}: ${kernels}`));
  }
  return run.failures.length > 0 ? 1 : 0;
}

async function explore(
  io: CliIo,
  arch: string,
  args: ParsedArgs,
  tables: string[],
): Promise<number> {
  const depth = intOption(args, 'depth', 4, MAX_DEPTH);
  const loaded = await loadModel(io, tables, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const { model } = loaded;
  const proto = pickProtocol(model, arch);
  const machines = pickMachines(model, proto, args.options.get('consumer') ?? []);
  const vcpusText = args.options.get('vcpus')?.at(-1);
  const vcpus = vcpusText === undefined ? undefined : intOption(args, 'vcpus', 1, MAX_VCPUS);
  const values = new Map(model.enums.map((e) => [e.name, e.members.map((m) => m.value)]));
  const space = exploreSpace(proto, values, vcpus);
  const names = namesOf(model);
  const result = exploreDisagreements(proto, machines, space, depth);
  const classes = [...result.classes].sort((a, b) => a.path.length - b.path.length);
  const text = (inv: Parameters<typeof formatInvocation>[0]) => formatInvocation(inv, names);
  const hostLines = [...space.host].flatMap(([record, rows]) => {
    const fields = proto.hosts.find((h) => h.name === record)?.fields ?? [];
    return rows.map(
      (r) =>
        `host ${record} ${r.map((v, i) => (i === 0 ? String(v) : `${fields[i]?.name ?? ''} ${String(v)}`)).join(' ')}`,
    );
  });
  if (args.flags.has('json')) {
    const json = {
      protocol: proto.name,
      arch,
      depth,
      vcpus: space.vcpus,
      host: hostLines,
      states: result.states,
      complete: result.complete,
      disagreements: classes.map((c) => ({
        sequence: [...c.path.map(text), text(c.call)],
        call: text(c.call),
        results: Object.fromEntries(Object.entries(c.results).map(([m, r]) => [m, jsonResult(r)])),
        sources: c.sources,
      })),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
    return 0;
  }
  const out = [
    `protocol ${proto.name} on ${arch}: ${machines.map((m) => m.name).join(', ')}; sequences of up to ${depth} calls on ${space.vcpus} vCPU(s), ${result.states} joint states${result.complete ? '' : ' (stopped at the state limit)'}`,
    ...hostLines.map((h) => `  ${h}`),
    `${classes.length} kind(s) of disagreement${classes.length > 0 ? ', each with a shortest witness:' : ''}`,
  ];
  classes.forEach((c, i) => {
    out.push('');
    const groups = new Map<string, string[]>();
    for (const [m, r] of Object.entries(c.results)) {
      const key = `${r ?? 'no rule'}  ${c.sources[m] ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), m]);
    }
    out.push(`${i + 1}. ${text(c.call)}`);
    for (const inv of c.path) out.push(`     ${text(inv)}`);
    out.push(`     ${text(c.call)}`);
    for (const [key, names] of groups) out.push(`       => ${key}  [${names.join(', ')}]`);
  });
  io.stdout(out.join('\n') + '\n');
  return 0;
}

export async function protocolCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [arch, verb, ...rest] = args.positionals;
  if (arch === undefined || verb === undefined) {
    throw new UsageError(
      'protocol: expected `pmumap protocol ARCH check SEQUENCE` or `pmumap protocol ARCH explore`',
    );
  }
  if (verb === 'check') return check(io, arch, args, rest);
  if (verb === 'explore') return explore(io, arch, args, rest);
  throw new UsageError(`protocol ${arch} '${verb}': expected check or explore`);
}
