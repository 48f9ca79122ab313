// npm run bench: speed measured, not guessed. Every number is a ratio of two
// things timed in this same run, so the machine's speed cancels out:
//   1. a warm `pmumap check` of the shipped tables against a bare `node -e 0`;
//   2. the same with an empty compile cache (parse + check + examples);
//   3. runtime map calls per second, compiled (no trace) and interpreted (with the trace),
//      against a hand-written JavaScript version of the same decision list
//      (kvm_pmu_create_perf_event); calls per second of every consumer, compiled and
//      interpreted (scripts/bench-consumers.ts); `pmumap query` on 10,000 mixed questions,
//      verify of the CPUID fixtures and cpuid disagree;
//   4. the vendor corpus (ARM-software/data + intel/perfmon): import and an
//      empty-cache check of the generated tables, and a warm check, against a
//      JSON.parse of the same vendor files, with peak memory; and the whole
//      job (import, check, emit every target) as one process
//      (scripts/vendor-pipeline.mjs), with an empty cache and nothing changed
//      (median of 3);
//   5. large inputs (issue 9's limits): a 20,000-event file checked against
//      JSON.parse of the same events as JSON, and how fast a 10 MB file and
//      200 levels of nesting are refused; and `host` on a sysfs tree with
//      100,000 PMU devices against one with 10,000 (linear is 10x);
//   6. the editors: prettier-plugin-pmumap over tables/, and `pmumap lsp`'s
//      diagnostics after an edit (scripts/bench-editors.mjs);
//   7. the test suite, `npm test`, step by step (BENCH_SUITE=0 skips it).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeModels } from '../dist/src/runtime/merge.js';
import { evaluate } from '../dist/src/runtime/evaluate.js';
import { runConsumer } from '../dist/src/runtime/run.js';
import { loadTables } from '../dist/src/runtime/tables.js';
import { mixedQuestions } from './query-questions.mjs';
import { timeSuite } from './suite-time.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/pmumap.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(argv, env = {}, status = 0) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  if (r.status !== status) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const warmCache = mkdtempSync(join(tmpdir(), 'pmumap-bench-'));
time([bin, 'check'], { PMUMAP_CACHE_DIR: warmCache }); // fill the cache
const node = [];
const warm = [];
const cold = [];
for (let i = 0; i < RUNS; i++) {
  node.push(time(['-e', '0']));
  warm.push(time([bin, 'check'], { PMUMAP_CACHE_DIR: warmCache }));
  const empty = mkdtempSync(join(tmpdir(), 'pmumap-bench-empty-'));
  cold.push(time([bin, 'check'], { PMUMAP_CACHE_DIR: empty }));
  rmSync(empty, { recursive: true, force: true });
}
rmSync(warmCache, { recursive: true, force: true });

// Runtime: the generated JSON tables, loaded as any tool would load them.
const dir = join(root, 'tables/generated/json');
const parts = readdirSync(dir)
  .filter((n) => n.endsWith('.json') && n !== 'pmumap.schema.json')
  .sort()
  .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
const tables = loadTables(mergeModels(parts));

// The hand-written baseline: the same steps as the `kvm` consumer, in plain code.
const MASK = { 1n: 0x3ffn, 4n: 0xffffn, 5n: 0xffffn, 6n: 0xffffn, 7n: 0xffffn };
function handWritten(i) {
  if (i.counter === 32n) return { kind: 'refused', code: 'HOST_ONLY' };
  if (i.counter !== 31n && i.counter >= i.counters)
    return { kind: 'refused', code: 'NOT_IMPLEMENTED' };
  const mask = MASK[i.pmuver] ?? 0n;
  const stored = i.value & ((1n << 31n) | (1n << 30n) | (i.el2 ? 1n << 27n : 0n) | mask);
  const event = i.counter === 31n ? 0x11n : stored & mask;
  if (event === 0n || event === 0x1en) return { kind: 'software' };
  const u = (stored >> 30n) & 1n;
  const p = (stored >> 31n) & 1n;
  const nsu = (stored >> 28n) & 1n;
  const nsk = (stored >> 29n) & 1n;
  return {
    kind: 'perf',
    attr: {
      type: i.host_type,
      config: event,
      config1: i.counter === 31n || i.pmuver >= 6n ? 1n : 0n,
      exclude_user: u !== nsu,
      exclude_kernel: p !== nsk,
      exclude_hv: true,
      exclude_host: true,
      pinned: true,
    },
  };
}

const inputs = [];
let seed = 0x12345678;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed);
for (let i = 0; i < 1000; i++) {
  inputs.push({
    pmu: { kind: 'pmu', name: 'pmuv3' },
    host_type: 8n,
    pmuver: [1n, 4n, 5n, 6n][rnd() % 4], // guest PMUVer values KVM allows for a PMUv3 host (<= V3P5)
    counters: 6n,
    counter: BigInt(rnd() % 33),
    value: (BigInt(rnd()) << 32n) | BigInt(rnd()),
    el2: (rnd() & 1) === 1,
  });
}
// Both must agree before either is timed.
for (const i of inputs) {
  const a = runConsumer(tables, 'kvm', i, 'kvm_evtype_write').outcome;
  const b = handWritten(i);
  if (a.kind !== b.kind || (a.kind === 'perf' && a.attr.config !== b.attr.config)) {
    throw new Error(
      `runtime and baseline disagree on ${JSON.stringify(i, (k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
    );
  }
}
function rate(fn) {
  const rates = [];
  for (let round = 0; round < 5; round++) {
    const t = process.hrtime.bigint();
    let n = 0;
    while (Number(process.hrtime.bigint() - t) < 200e6) {
      for (const i of inputs) fn(i);
      n += inputs.length;
    }
    rates.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  return median(rates);
}
const runtimeRate = rate((i) => runConsumer(tables, 'kvm', i, 'kvm_evtype_write'));
const compiled = (i) => runConsumer(tables, 'kvm', i, 'kvm_evtype_write', { trace: false });
const compiledRate = rate(compiled);
const baselineRate = rate(handWritten);
// The ratio, the contract, from alternating 100 ms slices (median of 9): load on the machine
// hits both sides alike.
function interleavedRatio(fast, slow) {
  const slice = (fn) => {
    const t = process.hrtime.bigint();
    let n = 0;
    while (Number(process.hrtime.bigint() - t) < 100e6) {
      for (const i of inputs) fn(i);
      n += inputs.length;
    }
    return n / Number(process.hrtime.bigint() - t);
  };
  const ratios = [];
  for (let round = 0; round < 9; round++) ratios.push(slice(fast) / slice(slow));
  return median(ratios);
}
const compiledShare = interleavedRatio(compiled, handWritten);

// Every consumer of the tables, compiled and interpreted, on the examples of its interface
// (each example's given inputs, the others defaulted).
const examplesOf = new Map();
for (const x of tables.model.examples) {
  const given = Object.fromEntries(x.given.map((g) => [g.name, evaluate(tables, g.value)]));
  examplesOf.set(x.on, [...(examplesOf.get(x.on) ?? []), given]);
}
/** Calls per second of `run` over `list` in a 30 ms slice. */
function consumerSlice(run, list) {
  const t = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - t) < 30e6) {
    for (const i of list) {
      try {
        run(i);
      } catch {
        // An example may expect an error; it is timed all the same.
      }
    }
    n += list.length;
  }
  return n / (Number(process.hrtime.bigint() - t) / 1e9);
}
const consumerRows = tables.model.consumers.flatMap((c) => {
  const list = examplesOf.get(c.implements) ?? [];
  if (list.length === 0) return [];
  const compiledRun = (i) => runConsumer(tables, c.name, i, c.implements, { trace: false });
  const interpretedRun = (i) => runConsumer(tables, c.name, i, c.implements);
  // Alternating slices, medians of 7: a busy machine slows both alike.
  const fast = [];
  const slow = [];
  for (let round = 0; round < 7; round++) {
    fast.push(consumerSlice(compiledRun, list));
    slow.push(consumerSlice(interpretedRun, list));
  }
  return [{ name: `${c.name} (${c.implements})`, fast: median(fast), slow: median(slow) }];
});

const f = (x) => x.toFixed(1);
const k = (x) => `${Math.round(x / 1000)}k`;
console.log(`runs: ${RUNS} of each, interleaved; node ${process.version}`);
console.log(`node -e 0                      ${f(median(node))} ms`);
console.log(
  `pmumap check (warm cache)      ${f(median(warm))} ms   ${f(median(warm) / median(node))}x node -e 0`,
);
console.log(
  `pmumap check (empty cache)     ${f(median(cold))} ms   ${f(median(cold) / median(node))}x node -e 0`,
);
console.log(
  `runtime map calls (kvm)        ${k(compiledRate)}/s   compiled (no trace); ${k(runtimeRate)}/s interpreted with the trace`,
);
console.log(
  `hand-written baseline          ${k(baselineRate)}/s   compiled at ${f(100 * compiledShare)}% of it (interleaved), interpreted at ${f((100 * runtimeRate) / baselineRate)}%`,
);
// The same consumers in the generated C (-O2) and Rust (--release), for reference
// (scripts/bench-native.ts; needs cc and cargo, else the columns say n/a).
const nativeRun = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/bench-native.ts'], {
  cwd: root,
  encoding: 'utf8',
});
const native = nativeRun.status === 0 ? JSON.parse(nativeRun.stdout) : {};
const m = (x) => (x === undefined ? 'n/a' : `${Math.round(x / 1e6)}M/s`);
const nameWidth = Math.max(...consumerRows.map((r) => r.name.length));
console.log(
  `${'every consumer, on its examples'.padEnd(nameWidth)}  compiled   interpreted          C       Rust`,
);
for (const r of consumerRows)
  console.log(
    `${r.name.padEnd(nameWidth)}  ${`${k(r.fast)}/s`.padStart(8)}   ${`${k(r.slow)}/s`.padStart(8)}  ${`${f(r.fast / r.slow)}x`.padStart(6)}  ${m(native[r.name]?.c).padStart(8)}  ${m(native[r.name]?.rust).padStart(8)}`,
  );
if (nativeRun.status !== 0)
  console.log(`(C and Rust not measured: ${nativeRun.stderr.split('\n')[0]})`);

// Many questions, one process (issue 18): `pmumap query` on 10,000 different mixed questions
// (scripts/query-questions.mjs), with a warm cache; after start-up is the time beyond
// `pmumap query` answering nothing. Beside it one question as its own process, and the two
// commands that run the compiled consumers in bulk: verify of the CPUID fixtures and cpuid
// disagree.
const queryCache = mkdtempSync(join(tmpdir(), 'pmumap-bench-query-'));
const queryEnv = { PMUMAP_CACHE_DIR: queryCache };
time([bin, 'check'], queryEnv);
function timeQuery(input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'query'], {
    cwd: root,
    env: { ...process.env, ...queryEnv },
    input,
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`pmumap query exited ${r.status}: ${r.stderr}`);
  return {
    ms: Number(process.hrtime.bigint() - t) / 1e6,
    lines: r.stdout.toString().split('\n').length - 1,
  };
}
const questions = mixedQuestions(10_000);
const queryEmpty = [];
const queryFull = [];
for (let i = 0; i < 3; i++) {
  queryEmpty.push(timeQuery('').ms);
  const run = timeQuery(questions);
  if (run.lines !== 10_000) throw new Error(`pmumap query answered ${run.lines} lines`);
  queryFull.push(run.ms);
}
const oneQuestion = median(
  [0, 1, 2].map(() =>
    time(
      [
        bin,
        'cpuid',
        '0xa',
        '--eax',
        '0x07300403',
        '--ebx',
        '0',
        '--ecx',
        '0',
        '--edx',
        '0x8603',
        '--json',
      ],
      queryEnv,
    ),
  ),
);
const verifyMs = median(
  [0, 1, 2].map(() =>
    time(
      [bin, 'verify', 'test/fixtures/cpuid', '--expect', 'test/fixtures/cpuid/expect.json'],
      queryEnv,
    ),
  ),
);
const disagreeMs = median(
  [0, 1, 2].map(() => time([bin, 'cpuid', 'disagree', '--json'], queryEnv)),
);
rmSync(queryCache, { recursive: true, force: true });
const afterStart = median(queryFull) - median(queryEmpty);
console.log(
  `pmumap query, 10,000 questions ${f(afterStart)} ms after start-up (${f(median(queryFull))} ms in all, start-up ${f(median(queryEmpty))} ms)   ${f((1000 * afterStart) / 10_000)} µs a question; one question as a process ${f(oneQuestion)} ms`,
);
console.log(`pmumap verify (CPUID fixtures)  ${f(verifyMs)} ms`);
console.log(`pmumap cpuid disagree --json   ${f(disagreeMs)} ms`);

// Large inputs, each with an empty cache: a 20,000-event tables file (and
// JSON.parse of the same 20,000 events as JSON, in a process of its own),
// a 10 MB file (refused, PM1004) and 200 levels of nesting (refused, PM1003).
const big = mkdtempSync(join(tmpdir(), 'pmumap-bench-big-'));
const events = Array.from({ length: 20000 }, (_, i) => ({ name: `EV_${i}_NAME`, code: i }));
writeFileSync(
  join(big, 'events.pmumap'),
  `events big : 16 {\n${events.map((e) => `  ${e.name} = 0x${e.code.toString(16)}`).join('\n')}\n}\n`,
);
writeFileSync(join(big, 'events.json'), JSON.stringify(events));
writeFileSync(
  join(big, 'ten-mb.pmumap'),
  '// padding padding padding padding padding\n'.repeat(250_000),
);
writeFileSync(join(big, 'deep.pmumap'), `feature D = ${'('.repeat(200)}1${')'.repeat(200)}\n`);
const noCache = (file, status) => time([bin, 'check', join(big, file), '--no-cache'], {}, status);
const bigCheck = noCache('events.pmumap', 0);
const jsonParse = time([
  '-e',
  `JSON.parse(require('fs').readFileSync(${JSON.stringify(join(big, 'events.json'))}, 'utf8'))`,
]);
const tenMb = noCache('ten-mb.pmumap', 1);
const deep = noCache('deep.pmumap', 1);
rmSync(big, { recursive: true, force: true });
console.log(
  `check 20,000 events (0.5 MB)   ${f(bigCheck)} ms   ${f(bigCheck / jsonParse)}x node + JSON.parse of them (${f(jsonParse)} ms)`,
);
console.log(`refuse a 10 MB file (PM1004)   ${f(tenMb)} ms`);
console.log(`refuse 200 levels (PM1003)     ${f(deep)} ms`);

// sysfs with many PMU devices (issue 14: host must be linear in them): the
// arm64 fixture plus N uncore-like devices (type, cpumask, format/event),
// on tmpfs when there is one. 10,000 then 100,000: linear is a ratio near 10.
function manyPmuTree(n) {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'pmumap-bench-sysfs-'));
  cpSync(join(root, 'test/fixtures/sysfs/arm64-homogeneous'), dir, { recursive: true });
  const devices = join(dir, 'bus/event_source/devices');
  for (let i = 0; i < n; i++) {
    const d = join(devices, `uncore_bench_${i}`);
    mkdirSync(join(d, 'format'), { recursive: true });
    writeFileSync(join(d, 'type'), `${100 + i}\n`);
    writeFileSync(join(d, 'cpumask'), `${i % 8}\n`);
    writeFileSync(join(d, 'format/event'), 'config:0-15\n');
  }
  return dir;
}
const hostCache = mkdtempSync(join(tmpdir(), 'pmumap-bench-host-'));
const hostMs = {};
for (const n of [10_000, 100_000]) {
  const tree = manyPmuTree(n);
  time([bin, 'host', '--sysfs', tree], { PMUMAP_CACHE_DIR: hostCache }); // warm the cache and the page cache
  hostMs[n] = time([bin, 'host', '--sysfs', tree], { PMUMAP_CACHE_DIR: hostCache });
  rmSync(tree, { recursive: true, force: true });
}
rmSync(hostCache, { recursive: true, force: true });
console.log(
  `host, sysfs with 100,000 PMUs  ${f(hostMs[100_000])} ms   ${f(hostMs[100_000] / hostMs[10_000])}x the time for 10,000 (${f(hostMs[10_000])} ms; linear is 10x)`,
);

// The vendor corpus, when ../shared/data (or $PMUMAP_VENDOR_DATA) is there.
import { existsSync as exists } from 'node:fs';
const vendorData =
  process.env.PMUMAP_VENDOR_DATA ??
  [join(root, '../shared/data'), '/work/shared/data'].find((d) => exists(join(d, 'intel-perfmon')));
if (vendorData) {
  const out = mkdtempSync(join(tmpdir(), 'pmumap-bench-vendor-'));
  const peak = (argv) => {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...argv], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PMUMAP_CACHE_DIR: join(out, 'cache') },
    });
    return Number(/(\d+)\s*$/.exec(r.stderr)?.[1] ?? 0) / 1024;
  };
  const env = { PMUMAP_CACHE_DIR: join(out, 'cache') };
  const importMs =
    time([
      bin,
      'import',
      'arm-data',
      join(vendorData, 'arm-software-data'),
      '--out',
      join(out, 'vendor/arm'),
    ]) +
    time([
      bin,
      'import',
      'intel-perfmon',
      join(vendorData, 'intel-perfmon'),
      '--out',
      join(out, 'vendor/intel'),
    ]);
  const vendorDir = join(root, 'tables/vendor');
  const coldCheck = time([bin, 'check', vendorDir, '--no-cache', '--short'], env);
  time([bin, 'check', vendorDir, '--short'], env); // fill the cache
  const warmChecks = [];
  for (let i = 0; i < 5; i++) warmChecks.push(time([bin, 'check', vendorDir, '--short'], env));
  const jsonFiles = [];
  const walkJson = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walkJson(p);
      else if (e.name.endsWith('.json')) jsonFiles.push(p);
    }
  };
  walkJson(join(vendorData, 'arm-software-data'));
  walkJson(join(vendorData, 'intel-perfmon'));
  const jsonMs = time([
    '-e',
    `for (const f of ${JSON.stringify(jsonFiles)}) JSON.parse(require('fs').readFileSync(f, 'utf8'))`,
  ]);
  const peakMb = exists('/usr/bin/time')
    ? peak([bin, 'check', vendorDir, '--no-cache', '--short'])
    : 0;
  // The whole job in one process (scripts/vendor-pipeline.mjs): import both
  // sets, check, emit every target; with an empty cache, then nothing changed.
  const pipeline = (work, cache) => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'scripts/vendor-pipeline.mjs'), vendorData, work],
      { cwd: root, encoding: 'utf8', env: { ...process.env, PMUMAP_CACHE_DIR: cache } },
    );
    if (r.status !== 0) throw new Error(`vendor pipeline failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const coldRuns = [];
  const warmRuns = [];
  for (let i = 0; i < 3; i++) {
    const work = mkdtempSync(join(tmpdir(), 'pmumap-bench-pipeline-'));
    coldRuns.push(pipeline(work, join(work, 'cache')));
    warmRuns.push(pipeline(work, join(work, 'cache')));
    rmSync(work, { recursive: true, force: true });
  }
  const byTotal = (runs) => [...runs].sort((a, b) => a.totalMs - b.totalMs)[1];
  const coldPipe = byTotal(coldRuns);
  const warmPipe = byTotal(warmRuns);
  rmSync(out, { recursive: true, force: true });
  console.log(
    `vendor import (both sets)      ${f(importMs)} ms   ${f(importMs / jsonMs)}x node + JSON.parse of the vendor files (${f(jsonMs)} ms)`,
  );
  console.log(
    `vendor check, empty cache      ${f(coldCheck)} ms   ${f(coldCheck / jsonMs)}x JSON.parse${peakMb ? `, peak ${f(peakMb)} MB` : ''}`,
  );
  console.log(
    `vendor check, nothing changed  ${f(median(warmChecks))} ms   ${f(median(warmChecks) / jsonMs)}x JSON.parse`,
  );
  const pipeText = (p) =>
    `${f(p.totalMs)} ms   ${f(p.totalMs / jsonMs)}x JSON.parse (import ${f(p.importMs)}, check ${f(p.checkMs)}, emit ${f(p.emitMs)}), peak ${f(p.peakMb)} MB`;
  console.log(`vendor job, empty cache        ${pipeText(coldPipe)}`);
  console.log(`vendor job, nothing changed    ${pipeText(warmPipe)}`);
}

// The editors: formatting the tables, the language server's latency (scripts/bench-editors.mjs).
await import('./bench-editors.mjs');

// Last, the whole test suite (npm test), step by step: scripts/suite-time.mjs.
timeSuite(root);
