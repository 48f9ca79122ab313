// One process, the whole vendor job: import ARM-software/data and
// intel/perfmon into a copy of tables/, check the vendor tables, and emit
// every target (TypeScript, JSON, C, Rust) for them. Run by `npm run bench`
// (scripts/bench.mjs) twice per cache state; prints one JSON line with the
// wall time of each step and the peak RSS of this process.
//   node scripts/vendor-pipeline.mjs DATA WORKDIR
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../dist/src/cli/main.js';

const [data, work] = process.argv.slice(2).map((p) => resolve(p));
const root = fileURLToPath(new URL('..', import.meta.url));
const tables = join(work, 'tables');
if (!existsSync(tables)) {
  // The architectural tables and the hand-written vendor files the import does not write.
  for (const d of ['linux', 'arm64', 'x86'])
    cpSync(join(root, 'tables', d), join(tables, d), { recursive: true });
  mkdirSync(join(tables, 'vendor'), { recursive: true });
  for (const f of ['arm-manuals.pmumap', 'arm-systems.pmumap'])
    cpSync(join(root, 'tables/vendor', f), join(tables, 'vendor', f));
}
let out = '';
const io = {
  stdout: (t) => void (out += t),
  stderr: (t) => void (out += t),
  cwd: work,
  env: process.env,
};
const step = async (argv) => {
  const t = performance.now();
  const status = await runCli(argv, io);
  if (status !== 0) throw new Error(`pmumap ${argv.join(' ')} exited ${status}:\n${out}`);
  return performance.now() - t;
};
const t0 = performance.now();
const importMs =
  (await step([
    'import',
    'arm-data',
    join(data, 'arm-software-data'),
    '--out',
    join(tables, 'vendor/arm'),
  ])) +
  (await step([
    'import',
    'intel-perfmon',
    join(data, 'intel-perfmon'),
    '--out',
    join(tables, 'vendor/intel'),
  ]));
const checkMs = await step(['check', join(tables, 'vendor'), '--short']);
const emitMs = await step(['gen', '--out', join(work, 'generated'), join(tables, 'vendor')]);
console.log(
  JSON.stringify({
    importMs,
    checkMs,
    emitMs,
    totalMs: performance.now() - t0,
    peakMb: process.resourceUsage().maxRSS / 1024,
  }),
);
