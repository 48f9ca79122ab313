/**
 * The C headers and Rust modules pmumap emits compile warning-free (C11
 * with -pedantic, C++17, Rust no_std and --test with -D warnings; all
 * headers in one translation unit, so they cannot clash), and answer
 * exactly as the TypeScript runtime does: the same outcome, reason, deciding
 * line, perf attributes, outputs and warnings for every example in the
 * tables, a sweep of CPUID.0xA, seeded random vectors of every interface,
 * and a synthetic two-file model (synthetic.ts) that drives every operator
 * and builtin at its corners. Everything is compiled once, in parallel;
 * vectors go through stdin. A missing compiler fails with the Debian
 * package to install.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emit/index.ts';
import { cHeader } from '../../src/emit/native-names.ts';
import { stemOf } from '../../src/emit/generated-file.ts';
import type { Model } from '../../src/model/model.ts';
import { loadTables, type Tables } from '../../src/runtime/tables.ts';
import { compile } from '../../src/compile.ts';
import { shipped, shippedSources } from '../helpers.ts';
import { cDriver } from './c-driver.ts';
import { rustDriver, rustExampleTests, rustMods } from './rust-driver.ts';
import { randomVectors } from './random.ts';
import { SYNTHETIC } from './synthetic.ts';
import { findToolchain, run, type Ran, type Toolchain } from './toolchain.ts';
import type { Vector } from './vectors.ts';
import { cpuidSweep, encode, exampleVectors, expected } from './vectors.ts';

const C_FLAGS = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-pedantic'];
const CXX_FLAGS = ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-pedantic'];
const RUST_FLAGS = ['--edition', '2021', '-D', 'warnings'];

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

/** Emit the C and Rust files of `s` into its folder and start every compile (in parallel). */
function build(tc: Toolchain, s: Suite, name: string): void {
  const { model, sources, dir } = s;
  for (const g of emitAll(model, sources, ['c', 'rust']))
    writeFileSync(join(dir, g.path), g.contents);
  const checks = sources.map((src) => {
    const file = `check-${stemOf(src)}.c`;
    writeFileSync(join(dir, file), `#include "${cHeader(src)}"\n`);
    return file;
  });
  const all = sources.map((src) => `#include "${cHeader(src)}"\n`).join('');
  writeFileSync(join(dir, 'all.c'), all);
  writeFileSync(join(dir, 'all.cpp'), all);
  writeFileSync(join(dir, 'lib.rs'), `#![no_std]\n${rustMods(sources)}`);
  writeFileSync(join(dir, 'tests.rs'), rustExampleTests(model, sources));
  writeFileSync(join(dir, 'driver.c'), cDriver(model, sources));
  writeFileSync(join(dir, 'driver.rs'), rustDriver(model, sources));
  const rustc = (what: string, args: string[]): Promise<Ran> =>
    timed(`${name}: ${what}`, run(tc.rustc, [...RUST_FLAGS, ...args], dir));
  s.builds = {
    c: timed(`${name}: cc`, run(tc.cc, [...C_FLAGS, '-fsyntax-only', ...checks, 'all.c'], dir)),
    cxx: timed(`${name}: c++`, run(tc.cxx, [...CXX_FLAGS, '-fsyntax-only', 'all.cpp'], dir)),
    cDriver: timed(
      `${name}: cc driver`,
      run(tc.cc, [...C_FLAGS, '-O1', 'driver.c', '-o', 'driver-c'], dir),
    ),
    lib: rustc('rustc no_std lib', ['--crate-type', 'rlib', '--crate-name', 'tables', 'lib.rs']),
    rustDriver: rustc('rustc driver', ['-C', 'opt-level=1', 'driver.rs', '-o', 'driver-rs']),
    ...(model.examples.length > 0
      ? { tests: rustc('rustc --test', ['--test', 'tests.rs', '-o', 'rust-tests']) }
      : {}),
  };
  // Each test awaits the builds it needs; keep a failure from also being an unhandled rejection.
  for (const p of Object.values(s.builds)) p.catch(() => undefined);
}

/** Run both drivers of `s` on `vectors` and require the TypeScript runtime's lines from each. */
async function differential(s: Suite, what: string, vectors: readonly Vector[]): Promise<void> {
  const input = vectors.map((v) => encode(s.model, v)).join('\n') + '\n';
  const start = Date.now();
  const want = vectors.map((v) => expected(s.tables, v));
  timings.push(`${what}: TypeScript ${Date.now() - start} ms`);
  await s.builds['cDriver'];
  await s.builds['rustDriver'];
  const [c, rust] = await Promise.all([
    timed(`${what}: C`, run(join(s.dir, 'driver-c'), [], s.dir, input)),
    timed(`${what}: Rust`, run(join(s.dir, 'driver-rs'), [], s.dir, input)),
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

  it('every header compiles alone and all together as C11 (-Wall -Wextra -Werror -pedantic)', async () => {
    await tables.builds['c'];
    await ops.builds['c'];
  });

  it('all headers compile together as C++17', async () => {
    await tables.builds['cxx'];
    await ops.builds['cxx'];
  });

  it('the Rust modules compile as one no_std library under -D warnings', async () => {
    await tables.builds['lib'];
    await ops.builds['lib'];
  });

  it('the Rust modules pass every example of the tables (rustc --test -D warnings)', async () => {
    await tables.builds['tests'];
    const r = await timed(
      'rust tests',
      run(join(tables.dir, 'rust-tests'), ['--quiet'], tables.dir),
    );
    expect(r.stdout).toMatch(
      new RegExp(`test result: ok\\. ${model.examples.length} passed; 0 failed`),
    );
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
