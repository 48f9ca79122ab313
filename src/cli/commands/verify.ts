/**
 * `pmumap verify DIR|FILE... [--expect FILE] [--junit OUT]`: a CI gate. It
 * compiles the tables (which runs their examples), reads every dump given
 * (directories: every *.txt and *.xml below), and checks the expectations
 * file against each dump's answers. Exit 1 on any failure; --junit writes
 * one JUnit test case per example and per expectation, each with a name no
 * other case has (the dump's CPUs when a dump answers more than one way)
 * and its measured time in seconds; --json prints the same cases.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { MExample, Model } from '../../model/model.ts';
import { evaluate } from '../../runtime/evaluate.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import { loadTables } from '../../runtime/tables.ts';
import { EvalError } from '../../runtime/values.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import { compileCached } from '../../project/compile-cached.ts';
import { dumpAnswers, leafAbsences } from '../../query/cpuid/dump-answers.ts';
import { defaultLeaf } from '../../query/cpuid/default-leaf.ts';
import type { ParsedDump } from '../../host/cpuid-dump.ts';
import { readDump } from '../../host/cpuid-dump.ts';
import { readBoundedText } from '../../io/bounded-read.ts';
import { INPUT_LIMITS } from '../../io/input-limits.ts';
import type { Expectation } from '../expectations.ts';
import { readExpectations } from '../expectations.ts';
import type { CliIo } from '../io.ts';
import { writeAtomically } from '../write-files.ts';
import { readSources } from '../../project/sources.ts';

interface Case {
  readonly name: string;
  readonly suite: string;
  readonly failure?: string;
  /** Measured seconds. */
  readonly time?: number;
}

/** Seconds since `started` (a performance.now() reading). */
const secondsSince = (started: number): number => (performance.now() - started) / 1000;

/** Cases measured together share the time evenly, so a suite's times add up to what it took. */
function timed(cases: Case[], started: number): Case[] {
  const each = cases.length > 0 ? secondsSince(started) / cases.length : 0;
  return cases.map((c) => ({ ...c, time: each }));
}

/** A case whose name repeats an earlier one of its suite gets ` #2`, ` #3`...: CI keys results by name. */
function uniqueNames(cases: readonly Case[]): Case[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const key = `${c.suite}\0${c.name}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? c : { ...c, name: `${c.name} #${n}` };
  });
}

function dumpFiles(cwd: string, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) throw new UsageError(`no such file or directory: '${p}'`);
    if (statSync(abs).isDirectory()) {
      for (const n of readdirSync(abs).sort()) if (/\.(txt|xml)$/.test(n)) out.push(join(abs, n));
    } else out.push(abs);
  }
  return out;
}

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const seconds = (t: number | undefined): string => (t ?? 0).toFixed(3);

function junit(cases: readonly Case[]): string {
  const suites = [...new Set(cases.map((c) => c.suite))];
  const total = cases.reduce((n, c) => n + (c.time ?? 0), 0);
  const body = suites.map((suite) => {
    const mine = cases.filter((c) => c.suite === suite);
    const failures = mine.filter((c) => c.failure !== undefined).length;
    const time = mine.reduce((n, c) => n + (c.time ?? 0), 0);
    const tests = mine
      .map((c) => {
        const open = `    <testcase classname="${xml(suite)}" name="${xml(c.name)}" time="${seconds(c.time)}"`;
        return c.failure === undefined
          ? `${open}/>`
          : `${open}>\n      <failure message="${xml(c.failure)}"/>\n    </testcase>`;
      })
      .join('\n');
    return `  <testsuite name="${xml(suite)}" tests="${mine.length}" failures="${failures}" time="${seconds(time)}">\n${tests}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${cases.length}" failures="${cases.filter((c) => c.failure !== undefined).length}" time="${seconds(total)}">\n${body.join('\n')}\n</testsuites>\n`;
}

/** A dump file read bounded (INPUT_LIMITS.dump; regular files only: a FIFO is exit 2). */
function readDumpFile(cwd: string, file: string): ParsedDump {
  const label = `cannot read dump '${relative(cwd, file) || file}'`;
  return readDump(readBoundedText(file, { maxBytes: INPUT_LIMITS.dump, label }));
}

/** Why a dump cannot be trusted: its first line with a value wider than 32 bits. */
function dumpFailure(parsed: ParsedDump): string | undefined {
  const errors = parsed.notes.filter((n) => n.severity === 'error');
  const first = errors[0];
  if (!first) return undefined;
  return `line ${first.line}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`;
}

/**
 * The dump's CPU groups merged where what an expectation checks (fixed
 * counters, warnings) is the same: CPUs that differ only in bits no reader
 * uses (an APIC id) are one case, not one per CPU.
 */
function sameAnswers(answers: ReturnType<typeof dumpAnswers>): ReturnType<typeof dumpAnswers> {
  const merged = new Map<string, ReturnType<typeof dumpAnswers>[number]>();
  for (const a of answers) {
    const key = JSON.stringify([a.report.json['fixedCounters'], a.report.json['warnings']]);
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, cpus: [...seen.cpus, ...a.cpus] } : a);
  }
  return [...merged.values()];
}

function checkExpectation(
  cwd: string,
  model: Model,
  tables: ReturnType<typeof loadTables>,
  file: string,
  e: Expectation,
): Case[] {
  const label = `${e.dump}${e.cpus ? ` [${e.cpus.join(', ')}]` : ''}`;
  const parsed = readDumpFile(cwd, file);
  const bad = dumpFailure(parsed);
  if (bad !== undefined) return [{ suite: 'dumps', name: label, failure: bad }];
  const leaf = e.leaf === undefined ? defaultLeaf(model) : BigInt(e.leaf);
  if (leaf === undefined) {
    const failure = 'names no leaf, and no arch of the tables declares a `default leaf`';
    return [{ suite: 'dumps', name: label, failure }];
  }
  // Compiled consumers (no trace): verify reads only the answers.
  const answers = dumpAnswers(model, tables, leaf, parsed.cpus, [], false).filter(
    (a) => !e.cpus || e.cpus.some((c) => a.cpus.includes(c)),
  );
  if (answers.length === 0) {
    const why = leafAbsences(model, leaf, parsed.cpus, false)[0] ?? '';
    return [
      {
        suite: 'dumps',
        name: label,
        failure: why.includes(': ')
          ? why.slice(why.indexOf(': ') + 2)
          : 'no CPU in the dump answers for this leaf',
      },
    ];
  }
  const cases: Case[] = [];
  const groups = sameAnswers(answers);
  for (const a of groups) {
    // A dump whose CPUs answer in more than one way (hybrid parts): each group is its own case.
    const name = groups.length > 1 ? `${e.dump} [${a.cpus.join(', ')}]` : label;
    const answered = (a.report.json['fixedCounters'] ?? {}) as Record<string, number[]>;
    // A Map of own entries: an expectation may name any consumer, even `constructor`.
    const fixed = new Map(Object.entries(answered));
    for (const [consumer, want] of Object.entries(e.fixedCounters ?? {})) {
      const got = fixed.get(consumer);
      const ok = got !== undefined && JSON.stringify(got) === JSON.stringify(want);
      cases.push({
        suite: 'dumps',
        name: `${name}: ${consumer} fixed counters`,
        ...(ok
          ? {}
          : {
              failure: `expected [${want.join(', ')}], got ${got ? `[${got.join(', ')}]` : 'no answer'}`,
            }),
      });
    }
    for (const [consumer, n] of Object.entries(e.guestFixedAtLeast ?? {})) {
      const got = fixed.get(consumer)?.length ?? 0;
      cases.push({
        suite: 'dumps',
        name: `${name}: ${consumer} offers at least ${n} fixed counters`,
        ...(got >= n ? {} : { failure: `offers ${got}` }),
      });
    }
    if (e.agree) {
      const sets = e.agree.map((c) => JSON.stringify(fixed.get(c) ?? null));
      const ok = sets.every((s) => s === sets[0]);
      cases.push({
        suite: 'dumps',
        name: `${name}: ${e.agree.join(', ')} agree`,
        ...(ok ? {} : { failure: e.agree.map((c, i) => `${c} ${sets[i]}`).join('; ') }),
      });
    }
    if (e.warnings !== undefined) {
      const got = (a.report.json['warnings'] as unknown[]).length;
      cases.push({
        suite: 'dumps',
        name: `${name}: ${e.warnings} warnings`,
        ...(got === e.warnings ? {} : { failure: `got ${got}` }),
      });
    }
  }
  return cases;
}

/** Run an example's consumers again, only to measure how long it takes (compile ran it already). */
function exampleSeconds(tables: ReturnType<typeof loadTables>, example: MExample): number {
  const started = performance.now();
  try {
    const inputs = Object.fromEntries(
      example.given.map((g) => [g.name, evaluate(tables, g.value)]),
    );
    for (const expect of example.expects)
      for (const name of expect.consumer ? [expect.consumer] : consumersOf(tables, example.on))
        runConsumer(tables, name, inputs, example.on);
  } catch (e) {
    // Its failure is already a diagnostic of the tables case.
    if (!(e instanceof EvalError)) throw e;
  }
  return secondsSince(started);
}

export async function verifyCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  if (args.positionals.length === 0)
    throw new UsageError(
      'verify needs dump files or directories (e.g. pmumap verify test/fixtures/cpuid)',
    );
  const files = readSources(io.cwd, []);
  let started = performance.now();
  const result = await compileCached(io, files, { useCache: !args.flags.has('no-cache') });
  const cases: Case[] = [];
  const exampleErrors = result.diagnostics.filter((d) => d.severity === 'error');
  cases.push({
    suite: 'tables',
    name: 'tables compile and every example holds',
    time: secondsSince(started),
    ...(exampleErrors.length === 0
      ? {}
      : { failure: exampleErrors.map((d) => `${d.code} ${d.message}`).join('; ') }),
  });
  if (result.model) {
    const tables = loadTables(result.model);
    for (const ex of result.model.examples)
      cases.push({
        suite: 'examples',
        name: `${ex.title} (${ex.origin})`,
        time: exampleSeconds(tables, ex),
      });
    const dumps = [...new Set(dumpFiles(io.cwd, args.positionals))];
    for (const d of dumps) {
      started = performance.now();
      const parsed = readDumpFile(io.cwd, d);
      const answers = dumpAnswers(result.model, tables, 0xan, parsed.cpus, [], false);
      const failure =
        dumpFailure(parsed) ?? (answers.length > 0 ? undefined : 'no CPU reports CPUID leaf 0xA');
      cases.push({
        suite: 'dumps',
        name: `${relative(io.cwd, d)} parses`,
        time: secondsSince(started),
        ...(failure === undefined ? {} : { failure }),
      });
    }
    const expectPath = single(args, 'expect');
    if (expectPath !== undefined) {
      for (const e of readExpectations(resolve(io.cwd, expectPath), expectPath)) {
        const file = resolve(dirname(resolve(io.cwd, expectPath)), e.dump);
        started = performance.now();
        if (!existsSync(file)) {
          cases.push({
            suite: 'dumps',
            name: e.dump,
            time: secondsSince(started),
            failure: `dump '${e.dump}' not found next to ${expectPath}`,
          });
          continue;
        }
        cases.push(...timed(checkExpectation(io.cwd, result.model, tables, file, e), started));
      }
    }
  }
  const all = uniqueNames(cases);
  const failed = all.filter((c) => c.failure !== undefined);
  const out = single(args, 'junit');
  if (out !== undefined) {
    const path = resolve(io.cwd, out);
    writeAtomically(path, junit(all), '--junit');
  }
  if (args.flags.has('json')) {
    io.stdout(
      JSON.stringify(
        {
          passed: all.length - failed.length,
          failed: failed.length,
          cases: all.map((c) => ({
            suite: c.suite,
            name: c.name,
            time: Number((c.time ?? 0).toFixed(6)),
            failure: c.failure ?? null,
          })),
        },
        null,
        2,
      ) + '\n',
    );
    return failed.length > 0 ? 1 : 0;
  }
  for (const c of failed) io.stderr(`FAIL ${c.suite}: ${c.name}: ${c.failure}\n`);
  io.stdout(`${all.length - failed.length} passed, ${failed.length} failed\n`);
  return failed.length > 0 ? 1 : 0;
}
