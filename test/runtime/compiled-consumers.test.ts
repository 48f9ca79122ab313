/**
 * Consumers compiled to JavaScript (src/runtime/compile-consumer.ts) give
 * the interpreter's whole result: outcome with its filled-in message,
 * outputs, lets and warnings, and the same EvalError where the interpreter
 * throws one. Every consumer of the shipped tables and of the synthetic
 * model (every operator and builtin at its corners) compiles, and both
 * agree on the examples, the CPUID.0xA sweep and seeded random vectors.
 * test/native/native.test.ts holds C and Rust to the same answers.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { compiledConsumer, consumerSource } from '../../src/runtime/compile-consumer.ts';
import type { RunResult } from '../../src/runtime/run.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import { loadTables, type Tables } from '../../src/runtime/tables.ts';
import { EvalError } from '../../src/runtime/values.ts';
import { ROOT, shipped } from '../helpers.ts';
import { randomVectors } from '../native/random.ts';
import { SYNTHETIC } from '../native/synthetic.ts';
import type { Vector } from '../native/vectors.ts';
import { cpuidSweep, exampleVectors } from '../native/vectors.ts';

type Answer = Omit<RunResult, 'trace'> | { error: string };

function answer(run: () => RunResult): Answer {
  try {
    const { trace: _trace, ...rest } = run();
    return rest;
  } catch (e) {
    if (e instanceof EvalError) return { error: e.message };
    throw e;
  }
}

/** Both answers for every consumer of each vector's interface; the first few disagreements. */
function disagreements(t: Tables, vectors: readonly Vector[]): string[] {
  const bad: string[] = [];
  for (const v of vectors) {
    const inputs = Object.fromEntries(v.given);
    for (const c of t.model.consumers.filter((x) => x.implements === v.iface)) {
      const fast = compiledConsumer(t, c.name, v.iface)!;
      const interpreted = answer(() => runConsumer(t, c.name, inputs, v.iface));
      const compiled = answer(() => fast(inputs));
      try {
        expect(compiled).toEqual(interpreted);
      } catch {
        if (bad.length < 5)
          bad.push(
            `${c.name} on ${v.iface} ${JSON.stringify(inputs, (_, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x))}\n  interpreter: ${JSON.stringify(interpreted, big)}\n  compiled:    ${JSON.stringify(compiled, big)}`,
          );
      }
    }
  }
  return bad;
}

const big = (_: string, x: unknown): unknown => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x);

describe('compiled consumers', () => {
  const tables = loadTables(shipped().model);
  const synthetic = compile(SYNTHETIC);
  const ops = loadTables(synthetic.model!);

  it('compile every consumer of the shipped tables and the synthetic model', () => {
    expect(synthetic.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const t of [tables, ops]) {
      const missing = t.model.consumers
        .filter((c) => compiledConsumer(t, c.name, c.implements) === undefined)
        .map((c) => `${c.name} (${c.implements})`);
      expect(missing).toEqual([]);
    }
  });

  it('answer every example as the interpreter does', () => {
    expect(disagreements(tables, exampleVectors(tables))).toEqual([]);
  });

  it('answer the CPUID.0xA sweep as the interpreter does', () => {
    expect(disagreements(tables, cpuidSweep())).toEqual([]);
  });

  it('answer seeded random vectors of every interface as the interpreter does', () => {
    const vectors = tables.model.interfaces.flatMap((i, n) =>
      randomVectors(tables.model, i.name, 500, 0xc0de0000n + BigInt(n)),
    );
    expect(disagreements(tables, vectors)).toEqual([]);
  });

  it('evaluate every operator and builtin as the interpreter does, at every corner', () => {
    const vectors = [
      ...randomVectors(ops.model, 'ops', 3000, 0x0b5n),
      ...randomVectors(ops.model, 'more', 500, 0x0b6n),
    ];
    expect(disagreements(ops, vectors)).toEqual([]);
  });

  it('leave the answers to the interpreter where code generation from strings is off', () => {
    // A child process under --disallow-code-generation-from-strings (as a CSP would have it).
    const url = (path: string): string => JSON.stringify(pathToFileURL(join(ROOT, path)).href);
    const script = `
      import { compile } from ${url('src/compile.ts')};
      import { compiledConsumer } from ${url('src/runtime/compile-consumer.ts')};
      import { runConsumer } from ${url('src/runtime/run.ts')};
      import { loadTables } from ${url('src/runtime/tables.ts')};
      import { SYNTHETIC } from ${url('test/native/synthetic.ts')};
      import { randomVectors } from ${url('test/native/random.ts')};
      const t = loadTables(compile(SYNTHETIC).model);
      const compiled = t.model.consumers.filter((c) => compiledConsumer(t, c.name, c.implements));
      let same = 0;
      for (const v of randomVectors(t.model, 'ops', 200, 7n))
        for (const c of t.model.consumers.filter((x) => x.implements === v.iface)) {
          const inputs = Object.fromEntries(v.given);
          const run = (trace) => { try { const { trace: _, ...r } = runConsumer(t, c.name, inputs, v.iface, { trace }); return JSON.stringify(r, (k, x) => typeof x === 'bigint' ? String(x) : x); } catch (e) { return e.message; } };
          if (run(false) === run(true)) same++; else throw new Error(c.name);
        }
      console.log(JSON.stringify({ compiled: compiled.length, same }));
    `;
    const r = spawnSync(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        '--import',
        pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    const { compiled, same } = JSON.parse(r.stdout) as { compiled: number; same: number };
    expect(compiled).toBe(0);
    expect(same).toBeGreaterThan(0);
  });

  it('are what runConsumer runs without a trace', () => {
    const [v] = exampleVectors(tables);
    const c = tables.model.consumers.find((x) => x.implements === v!.iface)!;
    const fast = compiledConsumer(tables, c.name, v!.iface)!;
    const inputs = Object.fromEntries(v!.given);
    expect(runConsumer(tables, c.name, inputs, v!.iface, { trace: false })).toEqual(fast(inputs));
    expect(runConsumer(tables, c.name, inputs, v!.iface).trace.length).toBeGreaterThan(0);
    // The generated source is JavaScript with no interpreter closures in it.
    expect(consumerSource(tables, c).source).toMatch(
      /^"use strict";[\s\S]*return function consumer\(inputs\)/,
    );
  });
});
