/**
 * `pmumap cpuid 0xa --dump FILE` answers with leaf 0xA's readers (Intel's
 * perf and KVM's VMX vPMU). On an AMD or Hygon CPU neither kernel path
 * reads leaf 0xA: init_hw_perf_events runs amd_pmu_init, which counts from
 * CPUID 0x80000001 and 0x80000022, and KVM's SVM vPMU offers leaf 0xA all
 * zero (../shared/DOMAIN-AMD.md; tables/x86/amd.pmumap amd_cpu_kvm: "X86_FEATURE_ARCH_PERFMON
 * is never set on AMD/Hygon"). Issue 17 opened on exactly this: on an EPYC
 * the command "reports an Intel version-0 PMU with VERSION_TOO_LOW" and
 * says nothing else. The answer stays (it is what those readers make of the
 * leaf), and a note on stderr now says the CPU's vendor reads no register of
 * the leaf and points at `pmumap cpu x86 --dump`. A Zhaoxin CPU, whose perf
 * driver and KVM read leaf 0xA (zhaoxin_pmu_init, the VMX vPMU), gets no note.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const fixture = (f: string): string => join(ROOT, 'test/fixtures', f);

describe('cpuid 0xa --dump on a CPU whose vendor reads no leaf 0xA', () => {
  it.each([
    ['cpuid-amd/zen4-epyc-9124-genoa.txt', 'AuthenticAMD'],
    ['cpuid-amd/hygon-c86-3185-dhyana.txt', 'HygonGenuine'],
  ])('%s: answers, with a note naming %s and cpu x86', async (file, vendor) => {
    const r = await cli(['cpuid', '0xa', '--dump', fixture(file)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('eax=0x0 ebx=0x0 ecx=0x0 edx=0x0');
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('pmumap: note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(vendor);
    expect(notes[0]).toContain('leaf 0xa');
    expect(notes[0]).toContain('pmumap cpu x86 --dump');
  });

  it('--json keeps stdout JSON and the note on stderr', async () => {
    const r = await cli([
      'cpuid',
      '0xa',
      '--dump',
      fixture('cpuid-amd/zen4-epyc-9124-genoa.txt'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    expect(r.stderr).toContain('AuthenticAMD');
  });

  it.each([
    ['cpuid-amd/zhaoxin-kx-u6780a-zxe.txt'],
    ['cpuid/nehalem-lynnfield-i7-860-libcpuid.txt'],
  ])('%s: no note', async (file) => {
    const r = await cli(['cpuid', '0xa', '--dump', fixture(file)]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
