/**
 * The C headers and the Rust crate pmumap emits build warning-free and
 * answer exactly as the TypeScript runtime does. C: every header alone and
 * all of them through pmumap.h as C11 and C++17 under -Wall -Wextra
 * -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Werror. Rust: a copy
 * of the crate (never tables/generated itself: a Cargo.lock or target/
 * there would be a foreign file in gen's output) passes `cargo build`,
 * `cargo test` (every example of the tables), `cargo clippy -D warnings`
 * and `cargo doc` with -D warnings, offline, in one target directory per
 * crate. Both then answer as the runtime's interpreter does (and so do the
 * consumers compiled to JavaScript, src/runtime/compile-consumer.ts), with the same outcome,
 * reason, deciding line, perf attributes, outputs and warnings, for every
 * example in the tables, a sweep of CPUID.0xA, seeded random vectors of
 * every interface, and a synthetic two-file model (synthetic.ts) that
 * drives every operator and builtin at its corners; the messages, filled in
 * by pmumap_format_message (C) and Message's Display (Rust), are the
 * runtime's. Vectors go through stdin.
 * A missing compiler fails with the package to install.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emit/index.ts';
import { cHeader } from '../../src/emit/native-names.ts';
import { stemOf } from '../../src/emit/generated-file.ts';
import type { Model } from '../../src/model/model.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import { loadTables, type Tables } from '../../src/runtime/tables.ts';
import { EvalError } from '../../src/runtime/values.ts';
import { compile } from '../../src/compile.ts';
import { shipped, shippedSources } from '../helpers.ts';
import { cDriver } from './c-driver.ts';
import { rustDriver } from './rust-driver.ts';
import { randomVectors } from './random.ts';
import { SYNTHETIC } from './synthetic.ts';
import { cargo, findToolchain, run, STRICT_C, STRICT_CXX, type Ran } from './toolchain.ts';
import type { Toolchain } from './toolchain.ts';
import type { Vector } from './vectors.ts';
import { cpuidSweep, encode, exampleVectors, expected } from './vectors.ts';

const DRIVER_FLAGS = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-pedantic'];

/** Random vectors per interface: the five the issue names get more. */
const RANDOM: Readonly<Record<string, number>> = {
  kvm_evtype_write: 3000,
  kvm_pmceid: 3000,
  pmuv3_generic_map: 3000,
  kvm_guest_leaf: 3000,
  kvm_fixed_counter: 3000,
};
const OTHER_RANDOM = 1000;
const SYNTHETIC_VECTORS = 3000;
const SYNTHETIC_MORE_VECTORS = 500;

const timings: string[] = [];
async function timed<T>(what: string, p: Promise<T>): Promise<T> {
  const start = Date.now();
  const r = await p;
  timings.push(`${what} ${Date.now() - start} ms`);
  return r;
}

interface Suite {
  readonly model: Model;
  readonly tables: Tables;
  readonly sources: readonly string[];
  readonly dir: string;
  builds: Record<string, Promise<Ran>>;
}

function suite(name: string, model: Model, sources: readonly string[]): Suite {
  const dir = mkdtempSync(join(tmpdir(), `pmumap-native-${name}-`));
  return { model, tables: loadTables(model), sources, dir, builds: {} };
}

/** Emit the C and Rust files of `s` into its folder and start every build (C in parallel, cargo in sequence). */
function build(tc: Toolchain, s: Suite, name: string): void {
  const { model, sources, dir } = s;
  for (const g of emitAll(model, sources, ['c', 'rust'])) {
    mkdirSync(dirname(join(dir, g.path)), { recursive: true });
    writeFileSync(join(dir, g.path), g.contents);
  }
  const c = join(dir, 'c');
  const checks = sources.map((src) => {
    const file = `check-${stemOf(src)}.c`;
    writeFileSync(join(c, file), `#include "${cHeader(src)}"\n`);
    return file;
  });
  writeFileSync(join(c, 'all.c'), '#include "pmumap.h"\n');
  writeFileSync(join(c, 'all.cpp'), '#include "pmumap.h"\n');
  writeFileSync(join(c, 'driver.c'), cDriver(model, sources));
  mkdirSync(join(dir, 'rust/examples'));
  writeFileSync(join(dir, 'rust/examples/driver.rs'), rustDriver(model));
  const crate = join(dir, 'rust');
  const target = join(dir, 'target');
  const step = (what: string, args: string[], after: Promise<unknown>): Promise<Ran> =>
    after.then(() => timed(`${name}: cargo ${what}`, cargo(tc, args, crate, target)));
  const cargoBuild = step('build', ['build', '--examples'], Promise.resolve());
  const cargoTest = step('test', ['test'], cargoBuild);
  const clippy = step('clippy', ['clippy', '--lib', '--tests', '--', '-D', 'warnings'], cargoTest);
  const doc = step('doc', ['doc', '--no-deps'], clippy);
  s.builds = {
    c: timed(`${name}: cc`, run(tc.cc, [...STRICT_C, '-fsyntax-only', ...checks, 'all.c'], c)),
    cxx: timed(`${name}: c++`, run(tc.cxx, [...STRICT_CXX, '-fsyntax-only', 'all.cpp'], c)),
    cDriver: timed(
      `${name}: cc driver`,
      run(tc.cc, [...DRIVER_FLAGS, '-O1', 'driver.c', '-o', join(dir, 'driver-c')], c),
    ),
    cargoBuild,
    cargoTest,
    clippy,
    doc,
  };
  // Each test awaits the builds it needs; keep a failure from also being an unhandled rejection.
  for (const p of Object.values(s.builds)) p.catch(() => undefined);
}

/**
 * Run both drivers of `s` on `vectors` and require the TypeScript
 * interpreter's lines from each, and from the consumers compiled to JavaScript.
 */
async function differential(s: Suite, what: string, vectors: readonly Vector[]): Promise<void> {
  const input = vectors.map((v) => encode(s.model, v)).join('\n') + '\n';
  let start = Date.now();
  const want = vectors.map((v) => expected(s.tables, v));
  timings.push(`${what}: TypeScript interpreted ${Date.now() - start} ms`);
  start = Date.now();
  const compiled = vectors.map((v) => expected(s.tables, v, true));
  timings.push(`${what}: TypeScript compiled ${Date.now() - start} ms`);
  expect(compiled, 'the compiled consumers answer as the interpreter').toEqual(want);
  await s.builds['cDriver'];
  await s.builds['cargoBuild'];
  const [c, rust] = await Promise.all([
    timed(`${what}: C`, run(join(s.dir, 'driver-c'), [], s.dir, input)),
    timed(`${what}: Rust`, run(join(s.dir, 'target/debug/examples/driver'), [], s.dir, input)),
  ]);
  const lines = input.split('\n');
  for (const [lang, got] of [
    ['C', c.stdout.split('\n')],
    ['Rust', rust.stdout.split('\n')],
  ] as const) {
    let at = 0;
    const bad: string[] = [];
    vectors.forEach((v, n) => {
      for (const line of want[n] ?? []) {
        if (got[at] !== line && bad.length < 5)
          bad.push(`${v.iface} vector ${lines[n]}\n  TypeScript: ${line}\n  ${lang}: ${got[at]}`);
        at++;
      }
    });
    expect(bad, `${lang} disagrees with the runtime`).toEqual([]);
    expect(got.length - 1, `${lang} printed a line per consumer run`).toBe(at);
  }
}

describe('C and Rust targets', () => {
  const { model } = shipped();
  const tables = suite(
    'tables',
    model,
    shippedSources().map((s) => s.path),
  );
  const synthetic = compile(SYNTHETIC);
  const ops = suite('synthetic', synthetic.model ?? model, SYNTHETIC.map((s) => s.path).sort());

  beforeAll(() => {
    expect(synthetic.diagnostics).toEqual([]);
    const tc = findToolchain();
    build(tc, tables, 'tables');
    build(tc, ops, 'synthetic');
  });

  afterAll(async () => {
    // Let every compile finish before the folders go.
    await Promise.allSettled([...Object.values(tables.builds), ...Object.values(ops.builds)]);
    for (const s of [tables, ops]) rmSync(s.dir, { recursive: true, force: true });
  });

  it('every header compiles alone and all together (pmumap.h) as strict C11', async () => {
    await tables.builds['c'];
    await ops.builds['c'];
  });

  it('all headers compile together (pmumap.h) as strict C++17', async () => {
    await tables.builds['cxx'];
    await ops.builds['cxx'];
  });

  it('the crate builds no_std under -D warnings (cargo build)', async () => {
    await tables.builds['cargoBuild'];
    await ops.builds['cargoBuild'];
  });

  it('the crate passes every example of the tables (cargo test)', async () => {
    const r = await tables.builds['cargoTest'];
    expect(r?.stdout).toMatch(
      new RegExp(`test result: ok\\. ${model.examples.length} passed; 0 failed`),
    );
    await ops.builds['cargoTest'];
  });

  it('the crate is clean under cargo clippy -D warnings and cargo doc -D warnings', async () => {
    await tables.builds['clippy'];
    await tables.builds['doc'];
    await ops.builds['clippy'];
    await ops.builds['doc'];
  });

  it('fills in every message of the examples and random vectors as the runtime does (C and Rust)', async () => {
    const vectors = [
      ...exampleVectors(tables.tables),
      ...model.interfaces.flatMap((i, n) =>
        randomVectors(model, i.name, 300, 0x3e55a9e0n + BigInt(n)),
      ),
    ];
    const want = vectors.flatMap((v) =>
      tables.model.consumers
        .filter((c) => c.implements === v.iface)
        .map((c) => {
          try {
            const o = runConsumer(
              tables.tables,
              c.name,
              Object.fromEntries(v.given),
              v.iface,
            ).outcome;
            return o && 'message' in o ? o.message : '-';
          } catch (e) {
            if (e instanceof EvalError) return '-';
            throw e;
          }
        }),
    );
    expect(new Set(want).size).toBeGreaterThan(20);
    await tables.builds['cDriver'];
    await tables.builds['cargoBuild'];
    const input = vectors.map((v) => encode(model, v)).join('\n') + '\n';
    const c = await run(join(tables.dir, 'driver-c'), ['messages'], tables.dir, input);
    expect(c.stdout.split('\n').slice(0, -1)).toEqual(want);
    const driver = join(tables.dir, 'target/debug/examples/driver');
    const rust = await run(driver, ['messages'], tables.dir, input);
    expect(rust.stdout.split('\n').slice(0, -1)).toEqual(want);
  });

  it('answers every example of the tables as the runtime does', async () => {
    const vectors = exampleVectors(tables.tables);
    expect(vectors.length).toBe(model.examples.length);
    await differential(tables, 'examples', vectors);
  });

  it('answers the CPUID.0xA sweep of fixed_counters as the runtime does', async () => {
    await differential(tables, 'CPUID.0xA sweep', cpuidSweep());
  });

  it('answers seeded random vectors of every interface as the runtime does', async () => {
    const vectors = model.interfaces.flatMap((i, n) =>
      randomVectors(model, i.name, RANDOM[i.name] ?? OTHER_RANDOM, 0x5eed0000n + BigInt(n)),
    );
    await differential(tables, 'random', vectors);
  });

  it('evaluates every operator and builtin as the runtime does, at every corner', async () => {
    const vectors = [
      ...randomVectors(ops.model, 'ops', SYNTHETIC_VECTORS, 0x0b5n),
      ...randomVectors(ops.model, 'more', SYNTHETIC_MORE_VECTORS, 0x0b6n),
    ];
    await differential(ops, 'synthetic', vectors);
    console.log(`native targets: ${timings.join('; ')}`);
  });
});
