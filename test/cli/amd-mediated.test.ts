/**
 * `pmumap amd-mediated x86`: the mediated vPMU on an AMD host (DOMAIN-AMD.md
 * TV-16, §2.5). Mainline since v7.0 (the v6 series "KVM: x86: Add support
 * for mediated vPMUs", merged as kvm-x86-pmu-6.20, bf2c3138ae36). Every
 * expected value comes from these kernel lines (torvalds/linux@02918f007792
 * arch/x86/kvm/pmu.c and svm/pmu.c; svm.c from patch 22/44, 2904df6692f4):
 *
 *   amd_pmu_is_mediated_pmu_supported: return host_pmu->version >= 2;
 *   kvm_init_pmu_capability: if (!enable_pmu || !enable_mediated_pmu ||
 *       !kvm_host_pmu.mediated || !pmu_ops->is_mediated_pmu_supported(...))
 *           enable_mediated_pmu = false;
 *   svm_recalc_pmu_msr_intercepts:
 *       if (!enable_mediated_pmu) return;
 *       for (i = 0; i < min(pmu->nr_arch_gp_counters, AMD64_NUM_COUNTERS); i++)
 *           svm_set_intercept_for_msr(vcpu, MSR_K7_PERFCTR0 + i, MSR_TYPE_RW, intercept);
 *       intercept |= !guest_cpu_cap_has(vcpu, X86_FEATURE_PERFCTR_CORE);
 *       for (i = 0; i < pmu->nr_arch_gp_counters; i++)
 *           svm_set_intercept_for_msr(vcpu, MSR_F15H_PERF_CTR + 2 * i, MSR_TYPE_RW, intercept);
 *       intercept = kvm_need_perf_global_ctrl_intercept(vcpu);  // the 4 global MSRs
 *   kvm_need_any_pmc_intercept: return pmu->nr_arch_gp_counters !=
 *       kvm_host_pmu.num_counters_gp || ...;
 *
 * Zen 3 has no PerfMonV2, so perf's version is 0 and the mediated vPMU is
 * off; Zen 4 (EPYC 9124, 0x80000022 EAX 0x7, EBX 0x44106: six counters) runs
 * it. The host registers are the libcpuid dump in
 * test/fixtures/cpuid-amd/zen4-epyc-9124-genoa.txt.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const ZEN3 = ['--ext-features', '0x75C237FF'];
const ZEN4 = [
  '--ext-features',
  '0x75C237FF',
  '--ext-perfmon-eax',
  '0x7',
  '--ext-perfmon-ebx',
  '0x44106',
];

async function mediated(...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['amd-mediated', 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('amd-mediated x86 (DOMAIN-AMD.md TV-16)', () => {
  it('DOMAIN-AMD.md TV-16: Zen 3 (no PerfMonV2, perf version 0): mediated is off and every PMU MSR stays intercepted', async () => {
    const j = await mediated(...ZEN3);
    expect(j).toMatchObject({
      outcome: 'software',
      consumer: 'kvm',
      mediated_pmu: false,
      k7_perfctr: '0x0',
      f15h_perfctr: '0x0',
      evntsel: '0x0',
      global: false,
      rdpmc: false,
    });
  });

  it('DOMAIN-AMD.md TV-16: Zen 4, a guest with nr = 6 = host gp: CTR MSRs and the 4 global MSRs passed through, CTL MSRs intercepted', async () => {
    const j = await mediated(...ZEN4);
    expect(j).toMatchObject({
      outcome: 'direct',
      mediated_pmu: true,
      version: '0x2',
      counters: '0x6',
      k7_perfctr: '0xf', // K7 PERFCTR0..3 (min(nr, 4))
      f15h_perfctr: '0x3f', // F15H CTR0..5
      evntsel: '0x0', // no event select is passed through
      global: true,
      rdpmc: true,
    });
  });

  it('DOMAIN-AMD.md TV-16: Zen 4, a guest with nr = 4: the global MSRs (and RDPMC) intercepted, 4 != the host 6', async () => {
    const j = await mediated(...ZEN4, '--guest-num-core-pmc', '4');
    expect(j).toMatchObject({
      outcome: 'direct',
      mediated_pmu: true,
      counters: '0x4',
      k7_perfctr: '0xf',
      f15h_perfctr: '0xf',
      evntsel: '0x0',
      global: false,
      rdpmc: false,
    });
  });

  it('Zen 4, a guest without PerfCtrExtCore: only the K7 aliases are passed through', async () => {
    const j = await mediated(
      ...ZEN4,
      '--guest-perfmon-v2',
      'false',
      '--guest-perfctr-core',
      'false',
    );
    expect(j).toMatchObject({
      version: '0x1',
      counters: '0x4',
      k7_perfctr: '0xf',
      f15h_perfctr: '0x0',
      global: false,
    });
  });

  it('Zen 4 without kvm-amd.enable_mediated_pmu: the perf-based vPMU intercepts everything', async () => {
    const j = await mediated(...ZEN4, '--mediated', 'false');
    expect(j).toMatchObject({
      outcome: 'software',
      mediated_pmu: false,
      k7_perfctr: '0x0',
      global: false,
    });
  });

  it('the VMware backdoor keeps RDPMC intercepted (kvm_need_rdpmc_intercept)', async () => {
    const j = await mediated(...ZEN4, '--vmware-backdoor', 'true');
    expect(j).toMatchObject({ global: true, rdpmc: false });
  });
});
