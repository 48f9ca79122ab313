// The test suite's time, for `npm run bench`: each step of package.json's
// `test` script (its `&&`-separated commands) run as npm runs it, with its wall time and the CPU time (user + system)
// of everything it started (read from /proc/self/stat: the children's times
// of this process, which spawnSync waits for). The budget is 3 minutes of
// wall time on the 2-core machine; on a shared machine compare CPU time,
// which other load does not inflate. BENCH_SUITE=0 skips it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';

/** User + system seconds of this process's waited-for children, or undefined off Linux. */
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17, in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

export function timeSuite(root) {
  if (process.env.BENCH_SUITE === '0') return;
  const s = (x) => `${x.toFixed(1)} s`;
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.test;
  // npm runs a script with the project's node_modules/.bin first on PATH.
  const env = {
    ...process.env,
    PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
  };
  let wall = 0;
  let cpu = 0;
  const failed = [];
  for (const step of script.split(' && ')) {
    const cpuBefore = childCpuSeconds();
    const t = process.hrtime.bigint();
    const r = spawnSync('sh', ['-c', step], { cwd: root, env, stdio: 'ignore' });
    const stepWall = Number(process.hrtime.bigint() - t) / 1e9;
    const stepCpu = cpuBefore === undefined ? undefined : childCpuSeconds() - cpuBefore;
    wall += stepWall;
    cpu += stepCpu ?? 0;
    if (r.status !== 0) failed.push(step);
    const cpuText = stepCpu === undefined ? '' : `, ${s(stepCpu)} CPU`;
    console.log(
      `npm test: ${step.padEnd(21)}${s(stepWall).padStart(8)} wall${cpuText}${r.status === 0 ? '' : '  FAILED'}`,
    );
  }
  console.log(
    `npm test (the suite)           ${s(wall)} wall, ${s(cpu)} CPU on ${availableParallelism()} cores (budget: 180 s wall on 2 cores)${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`,
  );
}
