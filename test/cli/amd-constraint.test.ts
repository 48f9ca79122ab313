/**
 * `pmumap amd-constraint x86`: the counters Linux perf may schedule an event
 * on, on an AMD Zen host (DOMAIN-AMD.md TV-18, §1.3f). amd_core_pmu_init
 * (torvalds/linux@03c601927b67) gives event code 0x003 (FLOPs, a Large
 * Increment per Cycle event) pair_constraint: the even counters below
 * num_counters - 1, weight num_counters / 2.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

async function constraint(...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['amd-constraint', 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('amd-constraint x86 (TV-18)', () => {
  it('puts FLOPs (event 0x003) on counters 0, 2 and 4 of six, weight 3, as a pair', async () => {
    const j = await constraint('--config', '0x430003');
    expect(j).toMatchObject({ consumer: 'linux-perf', mask: '0x15', weight: '0x3', pair: true });
  });

  it('leaves event 0x103 (select bits 35:32 set) unconstrained', async () => {
    const j = await constraint('--config', '0x100430003');
    expect(j).toMatchObject({ mask: '0x3f', weight: '0x6', pair: false });
  });

  it('gives counter 4 of five no pair: mask 0x5, weight 2', async () => {
    const j = await constraint('--counters', '5', '--config', '0x3');
    expect(j).toMatchObject({ mask: '0x5', weight: '0x2', pair: true });
  });
});
