/**
 * Release boundaries of the AMD and Zhaoxin readers, each pinned by the
 * pull request that carried the change into mainline (quoted in the tables' status comments):
 * - f9dc8fb3afc9 "KVM: x86: Explicitly zero EAX and EBX when PERFMON_V2
 *   isn't supported by KVM" is in "KVM fixes for Linux-6.14-rc6", so the
 *   newest amd_cpu_kvm starts at v6.14 and kvm-6.5 ends at v6.13;
 *   94cdeebd8211 heads tag kvm-x86-pmu-6.5.
 * - Sandipan Das's PerfMonV2 perf support is in "perf events changes for
 *   v5.19".
 * - fd636b6a9bc6 "x86/perf/zhaoxin: Add stepping check for ZXC" is in
 *   "perf event updates for v6.3": before it, "if (boot_cpu_data.x86_model
 *   == 0x0f || boot_cpu_data.x86_model == 0x19)" took a Nano (model 0xF,
 *   stepping below 0xE) for ZXC.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const ZEN4 = 'test/fixtures/cpuid-amd/zen4-epyc-9124-genoa.txt';

interface Status {
  readonly since: string | null;
  readonly until: string | null;
}

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await cli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('AMD release boundaries', () => {
  it('KVM zeroes 0x80000022 from v6.14 (f9dc8fb3afc9, 6.14-rc6); the host-EBX leak is v6.5-v6.13', async () => {
    const j = await json(['cpu', 'x86', '--dump', ZEN4]);
    const answer = (j['answers'] as Record<string, unknown>[])[0]!;
    const guest = answer['kvmGuest'] as Record<string, { status: Status }>;
    expect(guest['kvm']!.status).toMatchObject({ since: '6.14', until: null });
    expect(guest['kvm-6.5']!.status).toMatchObject({ since: '6.5', until: '6.13' });
    expect(guest['kvm-6.4']!.status).toMatchObject({ since: null, until: '6.4' });
  });

  it('perf uses PerfMonV2 from v5.19 (perf-core-2022-05-23: "Add AMD PerfMonV2 support")', async () => {
    const j = await json(['cpu', 'x86', '--dump', ZEN4]);
    const answer = (j['answers'] as Record<string, unknown>[])[0]!;
    const perf = answer['perf'] as { consumer: string; status: Status; version: number };
    expect(perf).toMatchObject({ consumer: 'linux-perf', version: 2, status: { since: '5.19' } });
  });
});

describe('Zhaoxin: the Nano stepping check (fd636b6a9bc6, v6.3)', () => {
  const nano = [
    'cpu',
    'x86',
    '--vendor',
    'CentaurHauls',
    '--family',
    '6',
    '--model',
    '0xf',
    '--stepping',
    '2',
    '--leaf',
    '0xa=0x07280202,0,0,0',
  ];

  it('v6.2 takes a Nano (model 0xF stepping 2) for ZXC: "if (boot_cpu_data.x86_model == 0x0f || ...)"', async () => {
    const j = await json([...nano, '--kernel', '6.2']);
    expect(j['perf']).toMatchObject({
      consumer: 'linux-perf-6.2',
      pmu: 'cpu',
      modelCase: 'ZXC',
      gpCounters: 2,
      status: { since: '5.8', until: '6.2' },
      generic: { 'cpu-cycles': '0x82' },
    });
  });

  it('v6.3 refuses it: "(boot_cpu_data.x86_model == 0x0f && boot_cpu_data.x86_stepping >= 0x0e)"', async () => {
    const j = await json([...nano, '--kernel', '6.3']);
    expect(j['perf']).toMatchObject({
      consumer: 'linux-perf',
      pmu: null,
      why: { code: 'NO_PERF_DRIVER' },
      status: { since: '6.3' },
    });
  });

  it('a ZXC stepping (0xE) has the driver on both sides of the boundary', async () => {
    const zxc = nano.map((a) => (a === '2' ? '0xe' : a));
    for (const kernel of ['6.2', '6.3']) {
      const j = await json([...zxc, '--kernel', kernel]);
      expect(j['perf']).toMatchObject({ pmu: 'cpu', modelCase: 'ZXC' });
    }
  });
});
