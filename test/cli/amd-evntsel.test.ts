/**
 * `pmumap amd-evntsel x86`: a guest's WRMSR of an AMD EVNTSELn and the host
 * perf event KVM's perf-based vPMU creates (DOMAIN-AMD.md TV-15, §2.4).
 * amd_pmu_refresh sets reserved_bits = 0xfffffff000280000 and
 * amd_pmu_set_msr drops them; reprogram_counter opens PERF_TYPE_RAW with
 * eventsel & AMD64_RAW_EVENT_MASK and exclude_host = 1.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

async function write(...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['amd-evntsel', 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('amd-evntsel x86 (TV-15)', () => {
  it('drops GuestOnly (bit 40) and the other reserved bits, and opens raw event 0x76 excluding the host', async () => {
    const j = await write('--counter', '0', '--value', '0x0000010000530076');
    expect(j).toMatchObject({
      outcome: 'perf',
      consumer: 'kvm',
      stored: '0x530076',
      attr: {
        type: 4,
        config: '0x76',
        exclude_user: false,
        exclude_kernel: false,
        exclude_host: true,
        exclude_idle: true,
        pinned: true,
      },
    });
  });

  it('keeps event bits 35:32, umask, edge, inv and cmask in the config and drops USR/OS/INT/EN', async () => {
    const j = await write('--counter', '5', '--value', '0x0000000102c603c1');
    expect(j).toMatchObject({
      stored: '0x102c603c1',
      attr: { config: '0x1028403c1', exclude_user: true, exclude_kernel: false },
    });
  });

  it('creates no perf event while EN (bit 22) is clear', async () => {
    const j = await write('--counter', '1', '--value', '0x30076');
    expect(j).toMatchObject({
      outcome: 'refused',
      stored: '0x30076',
      reason: { code: 'COUNTER_DISABLED' },
    });
  });

  it('refuses EVNTSEL4 of a four-counter guest (#GP)', async () => {
    const j = await write('--counters', '4', '--counter', '4', '--value', '0x430076');
    expect(j).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
  });
});
