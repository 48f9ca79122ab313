// npm run bench: speed measured, not guessed. Every number is a ratio of two
// things timed in this same run, so the machine's speed cancels out:
//   1. a warm `pmumap check` of the shipped tables against a bare `node -e 0`;
//   2. the same with an empty compile cache (parse + check + examples);
//   3. the runtime (scripts/bench-runtime.mjs): map calls per second on the kvm consumer,
//      compiled and interpreted, against a hand-written version of the same decision list;
//      every consumer with C and Rust beside it; `pmumap query` on 10,000 mixed questions,
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
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchRuntime } from './bench-runtime.mjs';
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

const f = (x) => x.toFixed(1);
console.log(`runs: ${RUNS} of each, interleaved; node ${process.version}`);
console.log(`node -e 0                      ${f(median(node))} ms`);
console.log(
  `pmumap check (warm cache)      ${f(median(warm))} ms   ${f(median(warm) / median(node))}x node -e 0`,
);
console.log(
  `pmumap check (empty cache)     ${f(median(cold))} ms   ${f(median(cold) / median(node))}x node -e 0`,
);
// The runtime: compiled consumers, the hand-written baseline, C and Rust, pmumap query,
// verify and cpuid disagree (scripts/bench-runtime.mjs).
benchRuntime(root);

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
