/**
 * `pmumap cpu x86 --json` names the consumer of each answer: `perf.consumer`
 * the perf slot's, `kvmGuest` keyed by consumer. The generic slot may be
 * answered by another version of its reader than the perf slot (the text
 * prints both: "perf (linux-perf, mainline v5.19 and later)" and "generic
 * events (linux-perf-6.8, mainline up to v6.8)"), but --json gave only the
 * perf slot's, so a JSON reader could not tell which amd_pmu_event_map
 * answered. `perf.genericConsumer` and `perf.genericStatus` say it.
 *
 * Expected consumers are the ranges the tables declare (`pmumap consumers`):
 * amd_cpu_perf linux-perf v5.19.., amd_cpu_generic linux-perf v6.9.. and
 * linux-perf-6.8 ..v6.8; intel_cpu_perf linux-perf-6.3 v6.3-v6.6,
 * intel_cpu_generic linux-perf-6.6 ..v6.6.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const GENOA = join(ROOT, 'test/fixtures/cpuid-amd/zen4-epyc-9124-genoa.txt');
const LYNNFIELD = join(ROOT, 'test/fixtures/cpuid/nehalem-lynnfield-i7-860-libcpuid.txt');

async function perfOf(dump: string, ...more: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['cpu', 'x86', '--dump', dump, ...more, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { answers: { perf: Record<string, unknown> }[] };
  return j.answers[0]!.perf;
}

describe('cpu x86 --json names the generic slot consumer', () => {
  it('Zen 4 --kernel 6.5: perf from linux-perf, generic events from linux-perf-6.8', async () => {
    const perf = await perfOf(GENOA, '--kernel', '6.5');
    expect(perf['consumer']).toBe('linux-perf');
    expect(perf['genericConsumer']).toBe('linux-perf-6.8');
    expect(perf['genericStatus']).toEqual({
      kind: 'mainline',
      since: null,
      until: '6.8',
      series: null,
    });
  });

  it('Lynnfield --kernel 6.5: perf from linux-perf-6.3, generic events from linux-perf-6.6', async () => {
    const perf = await perfOf(LYNNFIELD, '--kernel', '6.5');
    expect(perf['consumer']).toBe('linux-perf-6.3');
    expect(perf['genericConsumer']).toBe('linux-perf-6.6');
  });

  it('the text line of the perf slot does not repeat it', async () => {
    const r = await cli(['cpu', 'x86', '--dump', GENOA, '--kernel', '6.5']);
    const perfLine = r.stdout.split('\n').find((l) => l.startsWith('  perf ('));
    expect(perfLine).toBeDefined();
    expect(perfLine).not.toContain('genericConsumer');
    expect(r.stdout).toContain('generic events (linux-perf-6.8, mainline up to v6.8):');
  });
});
