/**
 * `pmumap run <interface> --set name=value ... [--consumer NAME] [--json] [--explain]`:
 * run every consumer of an interface (or the named ones) on the inputs and
 * print each answer, the step that decided it, and on request every step.
 */
import { formatDiagnostics } from '../../diagnostics/format.ts';
import type { MInterface, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { EvalError, formatValue } from '../../runtime/values.ts';
import type { ParsedArgs } from '../args.ts';
import { UsageError } from '../args.ts';
import { compileCached } from '../compile-cached.ts';
import type { CliIo } from '../io.ts';
import { readSources } from '../sources.ts';

const INT = /^(0x[0-9a-f_]+|0b[01_]+|\d+)$/i;

/** Parse `--set name=value` by the declared type of the input. */
export function parseInput(model: Model, iface: MInterface, assignment: string): [string, Value] {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects name=value, found '${assignment}'`);
  const name = assignment.slice(0, eq);
  const text = assignment.slice(eq + 1);
  const input = iface.inputs.find((i) => i.name === name);
  if (!input) {
    throw new UsageError(
      `'${name}' is not an input of '${iface.name}' (expected ${iface.inputs.map((i) => i.name).join(', ')})`,
    );
  }
  const type = input.type;
  if (type === 'bool') {
    if (text === 'true' || text === 'false') return [name, text === 'true'];
    throw new UsageError(`--set ${name}: expected true or false, found '${text}'`);
  }
  const en = model.enums.find((e) => e.name === type);
  if (en) {
    const member = en.members.find((m) => m.name === text || `${en.name}.${m.name}` === text);
    if (member) return [name, BigInt(member.value)];
    if (INT.test(text)) return [name, BigInt(text.replace(/_/g, ''))];
    throw new UsageError(
      `--set ${name}: expected a ${type} member (${en.members.map((m) => m.name).join(', ')}) or a number, found '${text}'`,
    );
  }
  if (model.pmus.some((p) => p.name === type)) {
    if (model.pmus.some((p) => p.name === text)) return [name, { kind: 'pmu', name: text }];
    throw new UsageError(
      `--set ${name}: expected a pmu (${model.pmus.map((p) => p.name).join(', ')}), found '${text}'`,
    );
  }
  if (INT.test(text)) {
    const v = BigInt(text.replace(/_/g, ''));
    if (v < 1n << 64n) return [name, v];
  }
  throw new UsageError(
    `--set ${name}: expected a number below 2^64 (decimal, 0x or 0b), found '${text}'`,
  );
}

function showValue(model: Model, iface: MInterface, name: string, v: Value): string {
  const type = iface.outputs.find((o) => o.name === name)?.type;
  const en = model.enums.find((e) => e.name === type);
  const member = typeof v === 'bigint' ? en?.members.find((m) => BigInt(m.value) === v) : undefined;
  return member ? `${formatValue(v)} (${member.name})` : formatValue(v);
}

function jsonValue(v: Value): unknown {
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : typeof v === 'object' ? v.name : v;
}

function resultJson(r: RunResult): unknown {
  const o = r.outcome;
  return {
    consumer: r.consumer,
    outcome: o
      ? o.kind === 'perf'
        ? {
            kind: 'perf',
            event: o.event ?? null,
            attr: Object.fromEntries(Object.entries(o.attr).map(([k, v]) => [k, jsonValue(v)])),
            source: o.origin,
          }
        : o.kind === 'refused'
          ? { kind: 'refused', code: o.code, message: o.message, source: o.origin }
          : { kind: 'software', message: o.message, source: o.origin }
      : null,
    outputs: Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, jsonValue(v)])),
    trace: r.trace.map((t) => ({
      source: t.origin,
      step: t.step,
      ...(t.value !== undefined ? { value: jsonValue(t.value) } : {}),
      ...(t.taken !== undefined ? { taken: t.taken } : {}),
    })),
  };
}

function resultText(model: Model, iface: MInterface, r: RunResult, explain: boolean): string {
  const lines: string[] = [];
  const o = r.outcome;
  if (o?.kind === 'perf') {
    const attrs = Object.entries(o.attr)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join(', ');
    lines.push(`${r.consumer}: perf${o.event ? ` ${o.event}` : ''} { ${attrs} }  (${o.origin})`);
  } else if (o?.kind === 'refused')
    lines.push(`${r.consumer}: refused ${o.code}: ${o.message}  (${o.origin})`);
  else if (o?.kind === 'software')
    lines.push(`${r.consumer}: software: ${o.message}  (${o.origin})`);
  else lines.push(`${r.consumer}:`);
  const outs = Object.entries(r.outputs).map(([k, v]) => `${k} = ${showValue(model, iface, k, v)}`);
  if (outs.length > 0) lines.push(`  ${outs.join(', ')}`);
  if (explain) {
    for (const t of r.trace) {
      const what =
        t.value !== undefined ? `= ${formatValue(t.value)}` : t.taken ? 'taken' : 'not taken';
      lines.push(`    ${t.origin.padEnd(36)} ${t.step} ${what}`);
    }
  }
  return lines.join('\n');
}

export async function runCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [ifaceName, ...rest] = args.positionals;
  if (!ifaceName)
    throw new UsageError('run needs an interface name, e.g. pmumap run fixed_counters --set ...');
  const files = readSources(io.cwd, rest);
  const result = await compileCached(io, files, { useCache: !args.flags.has('no-cache') });
  if (!result.model) {
    io.stderr(formatDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f]))));
    return 1;
  }
  const model = result.model;
  const iface = model.interfaces.find((i) => i.name === ifaceName);
  if (!iface) {
    throw new UsageError(
      `unknown interface '${ifaceName}' (expected ${model.interfaces.map((i) => i.name).join(', ')})`,
    );
  }
  const inputs = Object.fromEntries(
    (args.options.get('set') ?? []).map((s) => parseInput(model, iface, s)),
  );
  const missing = iface.inputs.filter((i) => !(i.name in inputs)).map((i) => i.name);
  if (missing.length > 0) throw new UsageError(`missing --set for input(s): ${missing.join(', ')}`);
  const tables = loadTables(model);
  const all = consumersOf(tables, iface.name);
  const chosen = args.options.get('consumer') ?? all;
  for (const c of chosen) {
    if (!all.includes(c))
      throw new UsageError(
        `unknown consumer '${c}' of '${iface.name}' (expected ${all.join(', ')})`,
      );
  }
  let results: RunResult[];
  try {
    results = chosen.map((c) => runConsumer(tables, c, inputs));
  } catch (e) {
    if (e instanceof EvalError) {
      io.stderr(`pmumap: cannot evaluate: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (args.flags.has('json'))
    io.stdout(
      JSON.stringify({ interface: iface.name, results: results.map(resultJson) }, null, 2) + '\n',
    );
  else
    io.stdout(
      results.map((r) => resultText(model, iface, r, args.flags.has('explain'))).join('\n') + '\n',
    );
  return 0;
}
