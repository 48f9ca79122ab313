/**
 * `cpu x86` says how each KVM reader runs the guest's vPMU, not only the
 * leaf it offers: the mediated vPMU (mainline v7.0, kvm-mediated-7.0) and
 * the perf-based one offer the same CPUID.0xA, so without this a Nehalem
 * host's mediated line read exactly like a mediated answer.
 *
 * arch/x86/kvm/vmx/pmu_intel.c (torvalds/linux@02918f007792, the v7.0
 * mediated vPMU series), intel_pmu_is_mediated_pmu_supported: "if
 * (host_pmu->version < 4 || !(host_perf_cap & PERF_CAP_FW_WRITES)) return
 * false;" and arch/x86/kvm/pmu.c kvm_init_pmu_capability turns
 * enable_mediated_pmu off when it is false: KVM then counts with host perf
 * events. Lynnfield's leaf 0xA is version 3 (EAX 0x07300403), Ice Lake's
 * version 5.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface Guest {
  why: { code: string } | null;
  vpmu: { kind: string; message: string; source: string } | null;
}

async function guests(argv: string[]): Promise<Record<string, Guest>> {
  const r = await cli(['cpu', 'x86', ...argv, '--json']);
  expect(r.status).toBe(0);
  // A dump answers { dump, answers: [...] } (one per group of CPUs); raw values one answer.
  const j = JSON.parse(r.stdout) as {
    kvmGuest?: Record<string, Guest>;
    answers?: { kvmGuest: Record<string, Guest> }[];
  };
  return (j.answers?.[0] ?? j).kvmGuest!;
}

const LYNNFIELD = ['--dump', 'test/fixtures/cpuid/nehalem-lynnfield-i7-860-libcpuid.txt'];
const ICE_LAKE = [
  '--vendor',
  'GenuineIntel',
  '--family',
  '6',
  '--model',
  '0x6a',
  '--leaf',
  '0xa=0x07300805,0,0xf,0x8604',
];

describe('cpu x86: how KVM runs the guest vPMU', () => {
  it('a version-3 host (Lynnfield): the mediated reader falls back to perf events (version < 4)', async () => {
    const g = await guests(LYNNFIELD);
    expect(g['kvm-mediated-7.0']?.vpmu?.kind).toBe('software');
    expect(g['kvm-mediated-7.0']?.vpmu?.message).toMatch(/no mediated vPMU on this host/);
    expect(g['kvm-legacy']?.vpmu?.kind).toBe('software');
  });

  it('a version-5 host (Ice Lake): the mediated reader lets the guest program the counters', async () => {
    const g = await guests(ICE_LAKE);
    expect(g['kvm-mediated-7.0']?.vpmu?.kind).toBe('direct');
    expect(g['kvm-legacy']?.vpmu?.kind).toBe('software');
    expect(g['kvm-mediated-7.0']?.vpmu?.source).toMatch(/^tables\/x86\/cpu\.pmumap:\d+$/);
  });

  it('a refused guest has why and no vpmu; the text prints the outcome under each reader', async () => {
    const hybrid = await guests([
      '--dump',
      'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt',
    ]);
    // KVM refuses hybrid hosts from v6.2 (4d7404e5ee00); the readers of older
    // releases (kvm-legacy-5.14 and before, tables/x86/cpu.pmumap) offer a vPMU.
    const older = ['kvm-legacy-5.14', 'kvm-legacy-5.12', 'kvm-legacy-5.10'];
    for (const [name, g] of Object.entries(hybrid)) {
      if (older.includes(name)) {
        expect(g.why).toBeNull();
        continue;
      }
      expect(g.why?.code).toBe('HYBRID_HOST');
      expect(g.vpmu).toBeNull();
    }
    expect(Object.keys(hybrid)).toEqual(expect.arrayContaining(older));
    const text = await cli(['cpu', 'x86', ...LYNNFIELD]);
    expect(text.stdout).toMatch(
      /kvm-mediated-7\.0 \(mainline v7\.0 and later\):.*\n.*\n {6}software: no mediated vPMU on this host/,
    );
  });
});
