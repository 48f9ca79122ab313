/**
 * `pmumap amd-guest x86` and `pmumap amd-rdmsr x86` by kernel generation
 * (tables/x86/amd-guest-cpuid.pmumap): the consumers before the newest one,
 * picked with --kernel. Each expected value is the kernel's, with the line
 * that decides it quoted beside it.
 *
 * Sources read: torvalds/linux@02918f007792 (newest svm/pmu.c, pmu.c);
 * torvalds/linux@1ebdbeb03efe (≈ v5.18 svm/pmu.c: amd_is_valid_msr `return
 * false;`, amd_pmu_refresh without PerfMonV2); the 6.8-stable review copy of
 * f933b88e2015 "KVM: x86/pmu: Zero out PMU metadata on AMD if PMU is
 * disabled" (the v6.8 kvm_pmu_refresh lines it replaces), in the "KVM changes
 * for Linux 6.9 merge window" pull; "[PATCH v7 09/12] KVM: x86/pmu: Constrain
 * the num of guest counters with kvm_pmu_cap" (kvm-x86-pmu-6.5); the
 * 6.12-stable copy of 68e61f6fd656 "KVM: SVM: Emulate
 * PERF_CNTR_GLOBAL_STATUS_SET for PerfMonV2" (2025-10-17).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

/** An x86 arch command with --json, which must succeed. */
async function command(name: string, ...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli([name, 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// EPYC 9124 (Zen 4): 0x80000001.ECX with PerfCtrExtCore, 0x80000022 EAX 0x7
// (PerfMonV2) and EBX 0x44106 (NumPerfCtrCore 6); the VMM copies that offer.
const ZEN4_HOST = ['--ext-features', '0x75C237FF', '--ext-perfmon-eax', '0x7'];
ZEN4_HOST.push('--ext-perfmon-ebx', '0x44106');
const V2_GUEST = ['--guest-ext-features', '0x800000', '--guest-perfmon-eax', '0x1'];
V2_GUEST.push('--guest-perfmon-ebx', '0x6');

describe('amd-guest before v6.14', () => {
  it('DOMAIN-AMD.md TV-23: KVM_PMU_CAP_DISABLE gives version 0 from v6.9 only; v6.5-v6.8 keep version 2 and 6 counters, v6.4 and older version 1', async () => {
    const args = [...ZEN4_HOST, ...V2_GUEST, '--pmu-cap-disable', 'true'];
    // f933b88e2015 (v6.9) kvm_pmu_refresh: "pmu->version = 0; ... if
    // (vcpu->kvm->arch.enable_pmu) static_call(kvm_x86_pmu_refresh)(vcpu);"
    expect(await command('amd-guest', ...args, '--kernel', '6.9')).toMatchObject({
      consumer: 'kvm-6.13',
      version: '0x0',
      gp_counters: '0x0',
      reason: { code: 'VM_PMU_DISABLED' },
    });
    // The v6.8 lines it replaced: "bitmap_zero(vcpu_to_pmu(vcpu)->all_valid_pmc_idx,
    // X86_PMC_IDX_MAX); static_call(kvm_x86_pmu_refresh)(vcpu);" for every VM, and
    // amd_pmu_refresh: "if (guest_cpuid_has(vcpu, X86_FEATURE_PERFMON_V2)) {
    // pmu->version = 2; ... pmu->nr_arch_gp_counters = ebx.split.num_core_pmc;".
    expect(await command('amd-guest', ...args, '--kernel', '6.8')).toMatchObject({
      consumer: 'kvm-6.8',
      outcome: 'refused',
      reason: { code: 'VM_PMU_DISABLED' },
      version: '0x2',
      gp_counters: '0x6',
    });
    // ≈ v5.18 amd_pmu_refresh: "if (guest_cpuid_has(vcpu, X86_FEATURE_PERFCTR_CORE))
    // pmu->nr_arch_gp_counters = AMD64_NUM_COUNTERS_CORE; ... pmu->version = 1;"
    expect(await command('amd-guest', ...args, '--kernel', '6.1')).toMatchObject({
      consumer: 'kvm-6.4',
      version: '0x1',
      gp_counters: '0x6',
    });
  });

  it('enable_pmu=0 on v6.5-v6.8: version 2 stays but kvm_pmu_cap is zeroed, so 0 counters; up to v6.4 version 1 with 6', async () => {
    const args = [...ZEN4_HOST, ...V2_GUEST, '--enable-pmu', 'false'];
    // kvm_init_pmu_capability: "if (!enable_pmu) { memset(&kvm_pmu_cap, 0, ...);",
    // then amd_pmu_refresh: "pmu->nr_arch_gp_counters = min_t(unsigned int,
    // pmu->nr_arch_gp_counters, kvm_pmu_cap.num_counters_gp);"
    expect(await command('amd-guest', ...args, '--kernel', '6.5')).toMatchObject({
      consumer: 'kvm-6.8',
      reason: { code: 'KVM_PMU_DISABLED' },
      version: '0x2',
      gp_counters: '0x0',
    });
    // No min_t before "[PATCH v7 09/12] KVM: x86/pmu: Constrain the num of guest
    // counters with kvm_pmu_cap" and no PerfMonV2 before v6.5.
    expect(await command('amd-guest', ...args, '--kernel', '6.4')).toMatchObject({
      consumer: 'kvm-6.4',
      reason: { code: 'KVM_PMU_DISABLED' },
      version: '0x1',
      gp_counters: '0x6',
    });
  });

  it('DOMAIN-AMD.md TV-2: GLOBAL_CTL at RESET is 0x3f from v6.9 and 0 on v6.5-v6.8; GLOBAL_CTL bits a write drops: ~0x3f on both', async () => {
    const args = [...ZEN4_HOST, ...V2_GUEST];
    // de120e1d692d (v6.9): "pmu->global_ctrl = GENMASK_ULL(pmu->nr_arch_gp_counters - 1, 0);"
    expect(await command('amd-guest', ...args, '--kernel', '6.9')).toMatchObject({
      global_ctl: '0x3f',
    });
    // v6.5 amd_pmu_refresh: "if (pmu->version > 1) { pmu->global_ctrl_mask =
    // ~((1ull << pmu->nr_arch_gp_counters) - 1);"; nothing sets global_ctrl.
    expect(await command('amd-guest', ...args, '--kernel', '6.8')).toMatchObject({
      consumer: 'kvm-6.8',
      outcome: 'software',
      version: '0x2',
      global_ctl: '0x0',
      global_ctl_rsvd: '0xffffffffffffffc0',
    });
  });

  it('DOMAIN-AMD.md TV-12: a K10 host (4 counters, no PerfCtrExtCore) whose VMM sets PerfCtrExtCore: 4 counters from v6.5, 6 before', async () => {
    const args = ['--ext-features', '0', '--guest-ext-features', '0x800000'];
    // "Constrain the num of guest counters with kvm_pmu_cap": "don't allow userspace to
    // coerce KVM into thinking there are more counters than actually exist, e.g. by
    // enumerating X86_FEATURE_PERFCTR_CORE in guest CPUID when its not supported."
    expect(await command('amd-guest', ...args, '--kernel', '6.5')).toMatchObject({
      version: '0x1',
      gp_counters: '0x4',
      perfctr_core: true,
    });
    expect(await command('amd-guest', ...args, '--kernel', '6.4')).toMatchObject({
      version: '0x1',
      gp_counters: '0x6',
    });
  });
});

describe('amd-rdmsr before v6.18', () => {
  const STATUS_SET = ['--version', '2', '--counters', '6', '--perfctr-core', 'true'];
  STATUS_SET.push('--msr', '0xc0000303');

  it('GLOBAL_STATUS_SET (0xc0000303) of a PerfMonV2 guest reads 0 from v6.18 and #GPs on v6.9-v6.17', async () => {
    // 68e61f6fd656: "case MSR_AMD64_PERF_CNTR_GLOBAL_STATUS_CLR: +case
    // MSR_AMD64_PERF_CNTR_GLOBAL_STATUS_SET: case MSR_CORE_PERF_GLOBAL_OVF_CTRL:
    // msr_info->data = 0;" and "+case MSR_AMD64_PERF_CNTR_GLOBAL_STATUS_SET:" in
    // amd_is_valid_msr's "return pmu->version > 1;" list.
    expect(await command('amd-rdmsr', ...STATUS_SET)).toMatchObject({
      consumer: 'kvm',
      outcome: 'software',
      register: '0x5',
    });
    expect(await command('amd-rdmsr', ...STATUS_SET, '--kernel', '6.17')).toMatchObject({
      consumer: 'kvm-6.17',
      outcome: 'refused',
      reason: { code: 'NOT_IMPLEMENTED' },
    });
  });

  it('DOMAIN-AMD.md TV-23 by generation: a VM without a PMU reads K7 PERFCTR0 as 0 from v6.9 (version 0) and up to v6.4, but #GPs on v6.5-v6.8', async () => {
    // v6.9+: version 0, so amd_is_valid_msr's "return pmu->version > 0;" is false and
    // kvm_get_msr_common's K7 case sets "msr_info->data = 0;".
    const v0 = ['--version', '0', '--counters', '0', '--msr', '0xc0010004'];
    expect(await command('amd-rdmsr', ...v0, '--kernel', '6.9')).toMatchObject({
      consumer: 'kvm-6.17',
      outcome: 'software',
    });
    // v6.5-v6.8: version 1 stays (amd-guest kvm-6.8), so amd_is_valid_msr accepts, and
    // get_gp_pmc_amd's "if (!vcpu->kvm->arch.enable_pmu) return NULL;" leaves
    // amd_pmu_get_msr's "return 1;" (#GP).
    const off = ['--version', '1', '--counters', '6', '--perfctr-core', 'true'];
    off.push('--vm-pmu', 'false', '--msr', '0xc0010004');
    expect(await command('amd-rdmsr', ...off, '--kernel', '6.8')).toMatchObject({
      consumer: 'kvm-6.8',
      outcome: 'refused',
      reason: { code: 'NOT_IMPLEMENTED' },
    });
    // ≈ v5.18: "static bool amd_is_valid_msr(...) { ... return false; }" and no counter
    // from get_gp_pmc_amd: not the vPMU's, so the K7 case reads 0.
    expect(await command('amd-rdmsr', ...off, '--kernel', '6.4')).toMatchObject({
      consumer: 'kvm-6.4',
      outcome: 'software',
    });
  });

  it('v6.5-v6.8 without a VM PMU: the global MSRs of a version 2 guest still read (kvm_pmu_get_msr answers them in common code)', async () => {
    const args = ['--version', '2', '--counters', '6', '--perfctr-core', 'true'];
    args.push('--vm-pmu', 'false', '--msr', '0xc0000301');
    expect(await command('amd-rdmsr', ...args, '--kernel', '6.8')).toMatchObject({
      outcome: 'software',
      register: '0x3',
    });
  });

  it('before v6.5 GLOBAL_CTL (0xc0000301) is no vPMU MSR: #GP', async () => {
    // amd_is_valid_msr "return false;" and get_gp_pmc_amd "default: return NULL;".
    const args = ['--version', '1', '--counters', '6', '--perfctr-core', 'true'];
    args.push('--msr', '0xc0000301');
    expect(await command('amd-rdmsr', ...args, '--kernel', '6.4')).toMatchObject({
      consumer: 'kvm-6.4',
      outcome: 'refused',
      reason: { code: 'NOT_IMPLEMENTED' },
    });
  });

  it('before v5.13 is not modelled: F15H MSRs read 0 there (before c28fa560c5bb), so --kernel 5.10 has no reader', async () => {
    const r = await cli(['amd-rdmsr', 'x86', '--msr', '0xc0010200', '--kernel', '5.10']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('kvm-6.4 mainline v5.13–v6.4');
  });

  it('the newest kernel ignores vm_pmu and warns when it is given with a version above 0', async () => {
    const r = await command(
      'amd-rdmsr',
      '--version',
      '1',
      '--vm-pmu',
      'false',
      '--msr',
      '0xc0010004',
    );
    expect(r).toMatchObject({ consumer: 'kvm', outcome: 'software' });
    expect(JSON.stringify(r['warnings'])).toContain('vm_pmu is read by older kernels only');
  });
});
