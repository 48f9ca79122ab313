/**
 * Slot inputs no register gives, as options of `pmumap cpu ARCH`
 * (src/query/cpu/slot-inputs.ts): the x86 tables' AMD guest slot takes the
 * kvm module's `enable_pmu` (default true), so `--enable-pmu false` answers
 * DOMAIN-AMD.md TV-5 for a dump, as `pmumap run amd_cpu_kvm` did before.
 *
 * Expected values: TV-5 of ../shared/DOMAIN-AMD.md, and amd.pmumap's kvm /
 * kvm-6.5 sources (f9dc8fb3afc9 "KVM: x86: Explicitly zero EAX and EBX when
 * PERFMON_V2 isn't supported by KVM", v6.14; 94cdeebd8211's `entry->eax =
 * entry->ebx;` before it).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const ZEN4 = 'test/fixtures/cpuid-amd/zen4-epyc-9124-genoa.txt';

interface Guest {
  leaves: Record<string, Record<string, string>>;
  version: number | null;
  gpCounters: number | null;
  why: { code: string } | null;
}

async function guests(...args: string[]): Promise<Record<string, Guest>> {
  const r = await cli(['cpu', 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { answers?: { kvmGuest: Record<string, Guest> }[] };
  const one = j.answers ? j.answers[0]! : (j as unknown as { kvmGuest: Record<string, Guest> });
  return one.kvmGuest;
}

describe('cpu x86 slot inputs as options', () => {
  it('DOMAIN-AMD.md TV-5: Zen 4 with enable_pmu=0: 0x80000022 EAX = EBX = the host EBX (0x44106) on v6.5-v6.13, all zero on fixed kernels; PERFCTR_CORE not offered', async () => {
    const g = await guests('--dump', ZEN4, '--enable-pmu', 'false');
    // v6.14+ (f9dc8fb3afc9): "entry->eax = entry->ebx = entry->ecx = entry->edx = 0;"
    // when PerfMonV2 is not offered; kvm_pmu_refresh returns before amd_pmu_refresh.
    expect(g['kvm']).toMatchObject({
      leaves: {
        '0x80000001': { ecx: '0x0' },
        '0x80000022': { eax: '0x0', ebx: '0x0', ecx: '0x0', edx: '0x0' },
      },
      version: 0,
      why: { code: 'KVM_PMU_DISABLED' },
    });
    // v6.5-v6.13 (94cdeebd8211): "entry->eax = entry->ebx;" with the host's EBX, whose
    // NumPerfCtrCore 6 (0b0110) reads as EAX bits 1-2 (LbrStack, Freeze) and no PerfMonV2.
    expect(g['kvm-6.5']?.leaves['0x80000022']).toEqual({
      eax: '0x44106',
      ebx: '0x44106',
      ecx: '0x0',
      edx: '0x0',
    });
    expect(g['kvm-6.5']?.leaves['0x80000001']).toEqual({ ecx: '0x0' });
  });

  it('without the option the default (enable_pmu=1) answers: KVM offers PerfMonV2 with six counters', async () => {
    const g = await guests('--dump', ZEN4);
    expect(g['kvm']).toMatchObject({
      leaves: { '0x80000022': { eax: '0x1', ebx: '0x6' } },
      version: 2,
      gpCounters: 6,
      why: null,
    });
  });

  it('raw values take it too, and --kernel picks the release', async () => {
    const args = ['--vendor', 'AuthenticAMD', '--family', '0x19', '--model', '0x11'];
    args.push('--leaf', '0x80000000=0x80000028,0,0,0', '--leaf', '0x80000001=0,0,0x75C237FF,0');
    args.push('--leaf', '0x80000022=0x7,0x44106,0,0', '--enable-pmu', 'false');
    const g = await guests(...args, '--kernel', '6.13');
    expect(Object.keys(g)).toEqual(['kvm-6.5']);
    expect(g['kvm-6.5']?.leaves['0x80000022']?.['eax']).toBe('0x44106');
  });

  it('--help lists the option with its default and the slot interface that takes it', async () => {
    const r = await cli(['cpu', 'x86', '--help']);
    expect(r.stdout).toContain('[--enable-pmu BOOL]');
    // The generic slot's `over perf_id` input is run once per member, no option.
    expect(r.stdout).not.toContain('--perf-id');
    expect(r.stdout).toMatch(
      /--enable-pmu BOOL +the kvm module's enable_pmu parameter \(default true; amd_cpu_kvm; also with --dump\)/,
    );
  });

  it('a value that is no bool is one line and exit 2', async () => {
    const r = await cli(['cpu', 'x86', '--dump', ZEN4, '--enable-pmu', 'maybe']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'maybe'");
  });
});
