// Calls per second of every consumer in the generated C and Rust, for `npm run bench` to print
// beside the TypeScript figures (run with tsx; prints one JSON object on stdout:
// { "<consumer> (<interface>)": { "c": calls/s, "rust": calls/s } }).
//
// The programs are the differential test's drivers (test/native/c-driver.ts, rust-driver.ts)
// with each consumer call repeated in a timed loop instead of printed: the same inputs (the
// examples of the tables, as test/native/vectors.ts encodes them), C at -O2, Rust --release.
// A compiler barrier that takes the input's and result's addresses (C) or black_box (Rust)
// keeps every call in the loop.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/compile.ts';
import { readSources } from '../src/project/sources.ts';
import { emitAll } from '../src/emit/index.ts';
import { loadTables } from '../src/runtime/tables.ts';
import { cDriver } from '../test/native/c-driver.ts';
import { rustDriver } from '../test/native/rust-driver.ts';
import { cargo, findToolchain, run } from '../test/native/toolchain.ts';
import { encode, exampleVectors } from '../test/native/vectors.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPS = 20_000;

const sources = readSources(root, []);
const { model } = compile(sources);
if (!model) throw new Error('the tables do not compile');
const tables = loadTables(model);
const names = model.interfaces.map((i) => i.name);

// C: each `print_K("name", ok && fn(&in, &out), &out);` becomes a timed loop of the call.
const cSource = cDriver(
  model,
  sources.map((s) => s.path),
)
  .replace(
    /^(\s*)print_(\d+)\("([^"]+)", (ok && .+\(&in, &out\)), &out\);$/gm,
    (_, indent: string, k: string, name: string, call: string) =>
      `${indent}{ struct timespec a, b; long r; clock_gettime(CLOCK_MONOTONIC, &a);\n` +
      `${indent}  for (r = 0; r < ${REPS}; r++) { __asm__ volatile("" : : "r"(&in), "r"(&out) : "memory"); sink += (${call}); }\n` +
      `${indent}  clock_gettime(CLOCK_MONOTONIC, &b);\n` +
      `${indent}  printf("%s\\t%d\\t%lld\\t%d\\n", "${name}", ${k}, (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec), ${REPS}); }`,
  )
  .replace(
    '#include <inttypes.h>',
    '#define _POSIX_C_SOURCE 199309L\n#include <inttypes.h>\n#include <time.h>',
  )
  .replace('static const char *src;', 'static const char *src;\nstatic volatile int sink;');

// Rust: each `report(&mut out, "name", if ok { path(&input)...` gets a timed loop before it.
const rustSource = rustDriver(model).replace(
  /^(\s*)report\(&mut out, "([^"]+)", if ok \{ ([\w:]+)\(&input\)/gm,
  (whole: string, indent: string, name: string, fn: string) => {
    const k = 'K_PLACEHOLDER';
    return (
      `${indent}if ok { let t = std::time::Instant::now(); for _ in 0..${REPS} { let _ = std::hint::black_box(${fn}(std::hint::black_box(&input))); } ` +
      `println!("{}\\t{}\\t{}\\t{}", "${name}", ${k}, t.elapsed().as_nanos(), ${REPS}); }\n${whole}`
    );
  },
);
// The interface index of each arm: the arm starts with `K => {`.
const rustTimed = rustSource
  .split('\n')
  .reduce<{ k: string; lines: string[] }>(
    (acc, line) => {
      const arm = /^\s*(\d+) => \{$/.exec(line);
      if (arm) acc.k = arm[1]!;
      acc.lines.push(line.replace('K_PLACEHOLDER', acc.k));
      return acc;
    },
    { k: '0', lines: [] },
  )
  .lines.join('\n')
  // The printed answers go nowhere: only the timings are read.
  .replace('std::io::stdout().write_all(out.as_bytes()).unwrap();', 'let _ = out;')
  .replace('use std::io::{Read, Write};', 'use std::io::Read;');

const dir = mkdtempSync(join(tmpdir(), 'pmumap-bench-native-'));
try {
  for (const g of emitAll(
    model,
    sources.map((s) => s.path),
    ['c', 'rust'],
  )) {
    mkdirSync(dirname(join(dir, g.path)), { recursive: true });
    writeFileSync(join(dir, g.path), g.contents);
  }
  writeFileSync(join(dir, 'c/bench.c'), cSource);
  mkdirSync(join(dir, 'rust/examples'), { recursive: true });
  writeFileSync(join(dir, 'rust/examples/bench.rs'), rustTimed);
  const tc = findToolchain();
  await run(tc.cc, ['-O2', '-std=c11', 'bench.c', '-o', join(dir, 'bench-c')], join(dir, 'c'));
  await cargo(
    tc,
    ['build', '--release', '--example', 'bench'],
    join(dir, 'rust'),
    join(dir, 'target'),
  );
  const input =
    exampleVectors(tables)
      .map((v) => encode(model, v))
      .join('\n') + '\n';
  const rates: Record<string, { c?: number; rust?: number }> = {};
  for (const [lang, program] of [
    ['c', join(dir, 'bench-c')],
    ['rust', join(dir, 'target/release/examples/bench')],
  ] as const) {
    const totals = new Map<string, { ns: number; calls: number }>();
    for (const line of (await run(program, ['timing'], dir, input)).stdout.split('\n')) {
      const [name, k, ns, calls] = line.split('\t');
      if (!name || calls === undefined) continue;
      const key = `${name} (${names[Number(k)]})`;
      const t = totals.get(key) ?? { ns: 0, calls: 0 };
      totals.set(key, { ns: t.ns + Number(ns), calls: t.calls + Number(calls) });
    }
    for (const [key, t] of totals) rates[key] = { ...rates[key], [lang]: t.calls / (t.ns / 1e9) };
  }
  process.stdout.write(JSON.stringify(rates) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
