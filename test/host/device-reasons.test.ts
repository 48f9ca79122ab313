/**
 * Each architecture explains its PMU devices in its own terms, and a
 * malformed `cpus` file is not a missing one.
 *
 * x86: KVM selects no PMU device. kvm_init_pmu_capability (arch/x86/kvm/pmu.c)
 * reads the core PMU's capabilities,
 *     perf_get_x86_pmu_capability(&kvm_host_pmu);
 * and disables the vPMU on hybrid CPUs:
 *     if (cpu_feature_enabled(X86_FEATURE_HYBRID_CPU))
 * so a device that is not the core PMU (software, msr, power...) is not
 * involved: nothing about arm64's KVM_ARM_VCPU_PMU_V3_SET_PMU or
 * kvm_host_pmu_init applies to it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { ROOT } from '../helpers.ts';

interface Pmu {
  name: string;
  reason: string;
  reasonText: string;
}
async function pmus(fixture: string): Promise<Pmu[]> {
  const r = await cli(['host', '--sysfs', join(ROOT, 'test/fixtures/sysfs', fixture), '--json']);
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { pmus: Pmu[] }).pmus;
}
const ARM64_TERMS = /KVM_ARM_|SET_PMU|kvm_host_pmu_init|arm_pmu/;

describe('host on an Intel x86 host', () => {
  it('explains the other devices with x86 text, not arm64 text', async () => {
    const list = await pmus('x86-cpu');
    const software = list.find((p) => p.name === 'software');
    expect(software?.reason).toBe('NOT_CORE_DRIVER');
    expect(software?.reasonText).toMatch(/CPUID\.0xA/);
    for (const p of list) expect(p.reasonText, p.name).not.toMatch(ARM64_TERMS);
    expect(list.find((p) => p.name === 'cpu')?.reason).toBe('CORE_PMU');
  });

  it('a hybrid host: its core PMUs are HYBRID_HOST, explained with the x86 rule', async () => {
    const list = await pmus('x86-hybrid');
    const core = list.find((p) => p.name === 'cpu_core');
    expect(core?.reason).toBe('HYBRID_HOST');
    expect(core?.reasonText).toContain('kvm_init_pmu_capability');
    for (const p of list) expect(p.reasonText, p.name).not.toMatch(ARM64_TERMS);
  });
});

describe('a malformed cpus file', () => {
  // test/fixtures/sysfs/malformed: armv8_pmuv3_2/cpus is "0-x",
  // armv8_pmuv3_3/cpus is "7-3"; the kprobe device has no cpus file at all.
  it('is BAD_CPUS and said to be malformed, not missing', async () => {
    const list = await pmus('malformed');
    for (const name of ['armv8_pmuv3_2', 'armv8_pmuv3_3']) {
      const p = list.find((x) => x.name === name);
      expect(p?.reason, name).toBe('BAD_CPUS');
      expect(p?.reasonText, name).toMatch(/not a CPU list/);
    }
    expect(list.find((x) => x.name === 'kprobe')?.reason).toBe('NO_CPUS');
  });
});
