/**
 * `pmumap amd-evntsel x86`: a guest's WRMSR of an AMD EVNTSELn and the host
 * perf event KVM's perf-based vPMU creates (DOMAIN-AMD.md TV-15, §2.4).
 * amd_pmu_refresh sets reserved_bits = 0xfffffff000280000 and
 * amd_pmu_set_msr drops them; reprogram_counter opens PERF_TYPE_RAW with
 * eventsel & AMD64_RAW_EVENT_MASK and exclude_host = 1.
 *
 * Older kernels, one consumer each (the status comments in tables/x86/amd-guest.pmumap date them):
 * - kvm-5.18 (v5.18-v5.19): 9b026073db2f already drops reserved bits, but
 *   reprogram_gp_counter asks pmc_perf_hw_id first and opens a known
 *   event as PERF_TYPE_HARDWARE; from 5eb849322d7f a guest of family
 *   0x17 or later is looked up in amd_f17h_event_mapping.
 * - kvm-5.17 (v5.17): "if (!(data & pmu->reserved_bits)) { ... return 0; }
 *   ... return 1;" so a reserved bit #GPs; the K7 amd_event_mapping only.
 * - kvm-5.16 (up to v5.16): as v5.17, with "unsigned config = eventsel &
 *   X86_RAW_EVENT_MASK" (event select bits 35:34 lost).
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

  describe('by kernel version', () => {
    it('v5.17 #GPs on TV-15: amd_pmu_set_msr "if (!(data & pmu->reserved_bits))" fails and returns 1', async () => {
      const j = await write('--counter', '0', '--value', '0x0000010000530076', '--kernel', '5.17');
      expect(j).toMatchObject({
        outcome: 'refused',
        consumer: 'kvm-5.17',
        reason: { code: 'RESERVED_BIT_SET' },
      });
      expect(j['stored']).toBeNull();
    });

    it('v5.16 and v4.19 #GP the same way (the reserved-bit test is in the v4.x pmu_amd.c too)', async () => {
      for (const kernel of ['5.16', '4.19']) {
        const j = await write(
          '--counter',
          '0',
          '--value',
          '0x0000010000530076',
          '--kernel',
          kernel,
        );
        expect(j).toMatchObject({ consumer: 'kvm-5.16', reason: { code: 'RESERVED_BIT_SET' } });
      }
    });

    it('v5.18 drops GuestOnly ("data &= ~pmu->reserved_bits", 9b026073db2f) and opens cpu-cycles as PERF_TYPE_HARDWARE ({ 0x76, 0x00, PERF_COUNT_HW_CPU_CYCLES })', async () => {
      for (const kernel of ['5.18', '5.19']) {
        const j = await write(
          '--counter',
          '0',
          '--value',
          '0x0000010000530076',
          '--kernel',
          kernel,
        );
        expect(j).toMatchObject({
          outcome: 'perf',
          consumer: 'kvm-5.18',
          stored: '0x530076',
          attr: { type: 0, config: '0x0', exclude_host: true, exclude_idle: true, pinned: true },
        });
      }
    });

    it('v6.0 opens the same write as PERF_TYPE_RAW ("Simplify PMU emulation by just using PERF_TYPE_RAW events")', async () => {
      const j = await write('--counter', '0', '--value', '0x0000010000530076', '--kernel', '6.0');
      expect(j).toMatchObject({ consumer: 'kvm', attr: { type: 4, config: '0x76' } });
    });

    it("event 0x00d1 on a Zen guest: stalled-cycles-backend (PERF_COUNT_HW 8) up to v5.17, raw from v5.18 (5eb849322d7f: 'rr uses the retired conditional branch counter 00d1')", async () => {
      const expected: [string, number, string][] = [
        ['5.17', 0, '0x8'],
        ['5.18', 4, '0xd1'],
        ['6.0', 4, '0xd1'],
      ];
      for (const [kernel, type, config] of expected) {
        const j = await write(
          '--counter',
          '2',
          '--value',
          '0x5300d1',
          '--family',
          '0x19',
          '--kernel',
          kernel,
        );
        expect(j['attr']).toMatchObject({ type, config });
      }
    });

    it('v5.18 keeps the K7 map for a guest below family 0x17 ("if (guest_cpuid_family(pmc->vcpu) >= 0x17)")', async () => {
      const j = await write(
        '--counter',
        '2',
        '--value',
        '0x5300d1',
        '--family',
        '0x15',
        '--kernel',
        '5.18',
      );
      expect(j['attr']).toMatchObject({ type: 0, config: '0x8' });
    });

    it('before v5.17 a 32-bit config drops event select bit 34 ("unsigned config" = eventsel & X86_RAW_EVENT_MASK)', async () => {
      const old = await write('--counter', '3', '--value', '0x4004303c1', '--kernel', '5.16');
      expect(old).toMatchObject({ stored: '0x4004303c1', attr: { type: 4, config: '0x3c1' } });
      const v517 = await write('--counter', '3', '--value', '0x4004303c1', '--kernel', '5.17');
      expect(v517).toMatchObject({ attr: { type: 4, config: '0x4000003c1' } });
    });
  });
});
