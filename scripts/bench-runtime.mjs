// The runtime's part of `npm run bench` (issue 18), also runnable alone after `npm run build`:
//   node scripts/bench-runtime.mjs
// Every figure is timed in this one run, and the contracts are ratios, so the machine's speed
// cancels out; the load average is printed beside them because the development VM is shared.
//   1. map calls on the kvm consumer (kvm_evtype_write): compiled (no trace) and interpreted
//      (with the trace), against a hand-written JavaScript version of the same decision list.
//      The ratio is the median of many rounds of alternating short slices, after a warm-up, so
//      a busy machine slows both sides of a round alike and one descheduled slice moves
//      nothing; the middle half of the rounds is printed to show how stable it is;
//   2. calls per second of every consumer, compiled and interpreted, on its interface's
//      examples, with the generated C (-O2) and Rust (--release) beside them
//      (scripts/bench-native.ts; needs cc and cargo, else the columns say n/a);
//   3. `pmumap query` on 10,000 mixed questions after start-up, one question as a process,
//      `pmumap verify` of the CPUID fixtures and `pmumap cpuid disagree`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeModels } from '../dist/src/runtime/merge.js';
import { evaluate } from '../dist/src/runtime/evaluate.js';
import { runConsumer } from '../dist/src/runtime/run.js';
import { loadTables } from '../dist/src/runtime/tables.js';
import { mixedQuestions } from './query-questions.mjs';

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
/** The value below which `p` of `xs` lie (nearest rank). */
const quantile = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const f = (x) => x.toFixed(1);
const k = (x) => `${Math.round(x / 1000)}k`;
const now = () => process.hrtime.bigint();
const since = (t) => Number(now() - t);

/** Calls per nanosecond of `fn` over `list`, for about `ns` nanoseconds. */
function slice(fn, list, ns) {
  const t = now();
  let n = 0;
  while (since(t) < ns) {
    for (const i of list) {
      try {
        fn(i);
      } catch {
        // An example may expect an error; it is timed all the same.
      }
    }
    n += list.length;
  }
  return n / since(t);
}

/**
 * `fast` against `slow` on `list`: `warm` discarded rounds, then `rounds` rounds of one slice of
 * each (the order alternating between rounds). Each side's median rate (calls/s) and the
 * median, first and third quartile of the per-round ratios.
 */
function interleaved(fast, slow, list, { rounds, ns, warm }) {
  const fastRates = [];
  const slowRates = [];
  const ratios = [];
  for (let round = -warm; round < rounds; round++) {
    let a;
    let b;
    if (round % 2 === 0) {
      a = slice(fast, list, ns);
      b = slice(slow, list, ns);
    } else {
      b = slice(slow, list, ns);
      a = slice(fast, list, ns);
    }
    if (round < 0) continue;
    fastRates.push(a * 1e9);
    slowRates.push(b * 1e9);
    ratios.push(a / b);
  }
  return {
    fast: median(fastRates),
    slow: median(slowRates),
    ratio: median(ratios),
    low: quantile(ratios, 0.25),
    high: quantile(ratios, 0.75),
  };
}

/** The generated JSON tables, loaded as any tool would load them. */
function shippedTables(root) {
  const dir = join(root, 'tables/generated/json');
  const parts = readdirSync(dir)
    .filter((n) => n.endsWith('.json') && n !== 'pmumap.schema.json')
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')));
  return loadTables(mergeModels(parts));
}

// The hand-written baseline: the same steps as the `kvm` consumer of kvm_evtype_write, in
// plain code, for valid inputs; it builds no message, outputs or lets.
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

/** 1,000 seeded kvm_evtype_write inputs (every counter index, PMUVer values KVM allows). */
function kvmInputs() {
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
  return inputs;
}

const loadText = () => {
  const [one, five] = loadavg();
  return `load average ${one.toFixed(1)} (1 min), ${five.toFixed(1)} (5 min)`;
};

export function benchRuntime(root, log = console.log) {
  const bin = join(root, 'bin/pmumap.js');
  log(
    `runtime: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}; ${loadText()}`,
  );
  const tables = shippedTables(root);

  // 1. The kvm consumer against the hand-written baseline; both must agree before either is timed.
  const inputs = kvmInputs();
  const options = { trace: false };
  const compiled = (i) => runConsumer(tables, 'kvm', i, 'kvm_evtype_write', options);
  const interpreted = (i) => runConsumer(tables, 'kvm', i, 'kvm_evtype_write');
  for (const i of inputs) {
    const a = compiled(i).outcome;
    const b = handWritten(i);
    if (a.kind !== b.kind || (a.kind === 'perf' && a.attr.config !== b.attr.config)) {
      throw new Error(
        `runtime and baseline disagree on ${JSON.stringify(i, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    }
  }
  const kvm = interleaved(compiled, handWritten, inputs, { rounds: 41, ns: 25e6, warm: 6 });
  const slow = interleaved(interpreted, handWritten, inputs, { rounds: 7, ns: 25e6, warm: 1 });
  log(
    `runtime map calls (kvm)        ${k(kvm.fast)}/s   compiled (no trace); ${k(slow.fast)}/s interpreted with the trace`,
  );
  log(
    `hand-written baseline          ${k(kvm.slow)}/s   compiled at ${f(100 * kvm.ratio)}% of it (median of 41 interleaved rounds, middle half ${f(100 * kvm.low)}–${f(100 * kvm.high)}%), interpreted at ${f(100 * slow.ratio)}%`,
  );

  // 2. Every consumer of the tables, compiled and interpreted, on the examples of its
  // interface (each example's given inputs, the others defaulted); C and Rust beside them.
  const examplesOf = new Map();
  for (const x of tables.model.examples) {
    const given = Object.fromEntries(x.given.map((g) => [g.name, evaluate(tables, g.value)]));
    examplesOf.set(x.on, [...(examplesOf.get(x.on) ?? []), given]);
  }
  const rows = tables.model.consumers.flatMap((c) => {
    const list = examplesOf.get(c.implements) ?? [];
    if (list.length === 0) return [];
    const r = interleaved(
      (i) => runConsumer(tables, c.name, i, c.implements, options),
      (i) => runConsumer(tables, c.name, i, c.implements),
      list,
      { rounds: 7, ns: 30e6, warm: 1 },
    );
    return [{ name: `${c.name} (${c.implements})`, fast: r.fast, slow: r.slow }];
  });
  // Lints are the differential test's business (test/native): here a new warning in the
  // generated crate must not hide its speed, so cargo caps them at warnings.
  const nativeRun = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/bench-native.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, RUSTFLAGS: process.env.RUSTFLAGS ?? '--cap-lints=warn' },
  });
  const native = nativeRun.status === 0 ? JSON.parse(nativeRun.stdout) : {};
  const m = (x) => (x === undefined ? 'n/a' : `${Math.round(x / 1e6)}M/s`);
  const width = Math.max(...rows.map((r) => r.name.length));
  log(
    `${'every consumer, on its examples'.padEnd(width)}  compiled   interpreted          C       Rust`,
  );
  for (const r of rows)
    log(
      `${r.name.padEnd(width)}  ${`${k(r.fast)}/s`.padStart(8)}   ${`${k(r.slow)}/s`.padStart(8)}  ${`${f(r.fast / r.slow)}x`.padStart(6)}  ${m(native[r.name]?.c).padStart(8)}  ${m(native[r.name]?.rust).padStart(8)}`,
    );
  if (nativeRun.status !== 0) log(`(C and Rust not measured: ${nativeRun.stderr.split('\n')[0]})`);

  // 3. Many questions, one process: `pmumap query` on 10,000 different mixed questions
  // (scripts/query-questions.mjs) with a warm cache; after start-up is the time beyond
  // `pmumap query` answering nothing (the median of 5 of each, alternating). Beside it one
  // question as its own process, and the two commands that run the compiled consumers in
  // bulk: verify of the CPUID fixtures and cpuid disagree.
  const cache = mkdtempSync(join(tmpdir(), 'pmumap-bench-query-'));
  const env = { ...process.env, PMUMAP_CACHE_DIR: cache };
  const time = (argv, input) => {
    const t = now();
    const r = spawnSync(process.execPath, [bin, ...argv], {
      cwd: root,
      env,
      input,
      maxBuffer: 1 << 30,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`pmumap ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { ms: since(t) / 1e6, lines: r.stdout.toString().split('\n').length - 1 };
  };
  time(['check']);
  const questions = mixedQuestions(10_000);
  const empty = [];
  const full = [];
  for (let i = 0; i < 5; i++) {
    empty.push(time(['query'], '').ms);
    const run = time(['query'], questions);
    if (run.lines !== 10_000) throw new Error(`pmumap query answered ${run.lines} lines`);
    full.push(run.ms);
  }
  const three = (argv) => median([0, 1, 2].map(() => time(argv).ms));
  const one = three(
    ['cpuid', '0xa', '--eax', '0x07300403', '--ebx', '0', '--ecx', '0'].concat([
      '--edx',
      '0x8603',
      '--json',
    ]),
  );
  const verify = three([
    'verify',
    'test/fixtures/cpuid',
    '--expect',
    'test/fixtures/cpuid/expect.json',
  ]);
  const disagree = three(['cpuid', 'disagree', '--json']);
  rmSync(cache, { recursive: true, force: true });
  const after = median(full) - median(empty);
  log(
    `pmumap query, 10,000 questions ${f(after)} ms after start-up (${f(median(full))} ms in all, start-up ${f(median(empty))} ms)   ${f((1000 * after) / 10_000)} µs a question; one question as a process ${f(one)} ms`,
  );
  log(`pmumap verify (CPUID fixtures)  ${f(verify)} ms`);
  log(`pmumap cpuid disagree --json   ${f(disagree)} ms`);
  log(`runtime: ${loadText()} at the end`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  benchRuntime(fileURLToPath(new URL('..', import.meta.url)));
