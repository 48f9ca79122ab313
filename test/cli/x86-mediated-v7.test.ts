/**
 * The Intel mediated vPMU as mainline v7.0 has it: "[PATCH v6 00/44] KVM: x86: Add
 * support for mediated vPMUs" (Sean Christopherson, 2025-12-05), pulled as
 * tags/kvm-x86-pmu-6.20 ("KVM mediated PMU support for 6.20") and merged by Paolo
 * Bonzini as bf2c3138ae36 (2026-02-09), the merge window after v6.19. Lines read in
 * torvalds/linux@02918f007792 (pmu.c, vmx/pmu_intel.c) and in the v6 mails.
 *
 * - It runs only with kvm-intel.enable_mediated_pmu=1 (v6 33/44, kernel-parameters.txt:
 *   "Default is N (off)") on an arch-perfmon v4+ host with full-width writes
 *   (intel_pmu_is_mediated_pmu_supported: "if (host_pmu->version < 4 ||
 *   !(host_perf_cap & PERF_CAP_FW_WRITES)) return false;"); perf must offer
 *   PERF_PMU_CAP_MEDIATED_VPMU (4280d79587a3 sets it in intel_pmu_init).
 * - KVM_GET_SUPPORTED_CPUID leaf 0xA is the perf-based vPMU's: the pull's diffstat
 *   names no arch/x86/kvm/cpuid.c, and kvm_init_pmu_capability fills kvm_pmu_cap
 *   without looking at enable_mediated_pmu ("kvm_pmu_cap.version =
 *   min(kvm_pmu_cap.version, 2);", "kvm_pmu_cap.num_counters_fixed =
 *   min(kvm_pmu_cap.num_counters_fixed, KVM_MAX_NR_FIXED_COUNTERS);").
 * - Fixed counter 3 stays PATCH-ONLY ("KVM: x86/pmu: Support Intel fixed counter 3
 *   on mediated vPMU"): KVM_MAX_NR_INTEL_FIXED_COUNTERS is 3 in the tree
 *   (intel_get_fixed_pmc_eventsel: "BUILD_BUG_ON(ARRAY_SIZE(fixed_pmc_perf_ids) !=
 *   KVM_MAX_NR_INTEL_FIXED_COUNTERS);" with three ids).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const ICE_LAKE = ['--eax', '0x08300805', '--ebx', '0', '--ecx', '0xf', '--edx', '0x8604'];
const LYNNFIELD = 'test/fixtures/cpuid/nehalem-lynnfield-i7-860-libcpuid.txt';

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const leaf = (j: Record<string, unknown>) =>
  ['guest_eax', 'guest_ebx', 'guest_ecx', 'guest_edx'].map((k) => j[k]);

describe('the mediated vPMU of v7.0 on Intel', () => {
  it('offers the perf-based leaf on a four-fixed-counter v5 host: version 2, 3 fixed counters', async () => {
    const perf = await json(['guest-leaf', 'x86', ...ICE_LAKE, '--json']);
    const mediated = await json(['guest-leaf', 'x86', ...ICE_LAKE, '--mode', 'mediated', '--json']);
    expect(mediated['consumer']).toBe('kvm-mediated-7.0');
    expect(leaf(mediated)).toEqual(leaf(perf));
    expect(leaf(mediated)).toEqual(['0x8300802', '0x0', '0x0', '0x8603']);
  });

  it('offers the same leaf whether enable_mediated_pmu is on or off', async () => {
    const on = await json(['guest-leaf', 'x86', ...ICE_LAKE, '--mode', 'mediated', '--json']);
    const off = await json([
      'guest-leaf',
      'x86',
      ...ICE_LAKE,
      '--mode',
      'mediated',
      '--mediated',
      'false',
      '--json',
    ]);
    expect(leaf(on)).toEqual(leaf(off));
  });

  it("cpuid 0xa --json: kvmGuest.mediated is the perf-based leaf, mediated_fc3 the series' (EDX[4:0] 4)", async () => {
    const j = await json(['cpuid', '0xa', ...ICE_LAKE, '--json']);
    const guest = j['kvmGuest'] as Record<string, Record<string, string>>;
    expect(guest['mediated']).toEqual(guest['legacy']);
    expect(guest['mediated_fc3']?.['edx']).toBe('0x8604');
    const statuses = j['statuses'] as Record<string, Record<string, unknown>>;
    expect(statuses['kvm-mediated-7.0']).toEqual({
      kind: 'mainline',
      since: '7.0',
      until: null,
      series: null,
    });
    expect(statuses['kvm-mediated']).toMatchObject({
      kind: 'patch',
      modifies: 'kvm-mediated-7.0',
    });
  });

  it('fixed x86 --mode mediated: fixed counters {0,1,2} on v7.0, the series (V2, and V1) beside it with {0,1,2,3}', async () => {
    const j = await json(['fixed', 'x86', ...ICE_LAKE, '--mode', 'mediated', '--json']);
    expect(j).toMatchObject({ fixed: '0x7', consumer: 'kvm-mediated-7.0' });
    expect(j['patches']).toEqual(
      expect.arrayContaining([expect.objectContaining({ fixed: '0xf', consumer: 'kvm-mediated' })]),
    );
  });

  it('cpu x86: a Lynnfield host (arch-perfmon v3) gets the perf-based leaf from the v7.0 mediated reader too', async () => {
    const r = await cli(['cpu', 'x86', '--dump', LYNNFIELD]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    const entry = (name: string) => lines.find((l) => l.trimStart().startsWith(`${name} (`));
    expect(entry('kvm-mediated-7.0')).toBe(
      '    kvm-mediated-7.0 (mainline v7.0 and later): 0xa eax=0x7300402 ebx=0x4 ecx=0x0 edx=0x8603',
    );
    expect(entry('kvm-legacy')!.replace('kvm-legacy (mainline v7.0', '')).toBe(
      entry('kvm-mediated-7.0')!.replace('kvm-mediated-7.0 (mainline v7.0', ''),
    );
  });
});
