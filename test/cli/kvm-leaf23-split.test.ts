/**
 * Issue 17: KVM's fixed-counter count follows perf's, and perf reads
 * CPUID.(0x23, 1).EBX on non-hybrid parts from v6.16 (25c623f41438), so the
 * leaf KVM_GET_SUPPORTED_CPUID offers changes there too, not only in the
 * `cpu x86` KVM reader. The kernel lines that decide it:
 *   arch/x86/events/intel/core.c, intel_pmu_init:
 *     if (!is_hybrid() && boot_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT))
 *             update_pmu_cap(NULL);
 *   arch/x86/events/core.c, perf_get_x86_pmu_capability (KVM's source):
 *     cap->num_counters_fixed = x86_pmu_num_counters_fixed(NULL);
 * A host leaf 0xA with fixed counters {0,1,2,4,5,6} (ECX 0x77) whose leaf
 * 0x23 lists {0,1} (EBX 0x3): v6.11-v6.15 count 6 and offer 3 (capped),
 * v6.16 counts 2 and offers 2.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const HOST = [
  'x86',
  '--eax',
  '0x08300806',
  '--ebx',
  '0',
  '--ecx',
  '0x77',
  '--edx',
  '0x8603',
  '--perfmon-ext',
  '0x3',
  '--leaf23-ebx',
  '0x3',
];

async function answer(command: string, kernel: string): Promise<Record<string, unknown>> {
  const r = await cli([command, ...HOST, '--kernel', kernel, '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('KVM on a non-hybrid host with leaf 0x23: the v6.16 split', () => {
  it.each([
    ['6.11', 'kvm-legacy-6.11', '0x8603'],
    ['6.15', 'kvm-legacy-6.11', '0x8603'],
    // v6.16-v6.19 are kvm-legacy-6.16 since the EDX[12:5] split of v7.0
    // (kvm-edx-width.test.ts); with fixed counters both give the same EDX.
    ['6.16', 'kvm-legacy-6.16', '0x8602'],
    ['7.0', 'kvm-legacy', '0x8602'],
  ])('guest-leaf --kernel %s: %s offers EDX %s', async (kernel, consumer, edx) => {
    const j = await answer('guest-leaf', kernel);
    expect(j['consumer']).toBe(consumer);
    expect(j['guest_edx']).toBe(edx);
  });

  it.each([
    ['6.15', 'kvm-legacy-6.11', '0x7'],
    ['6.16', 'kvm-legacy', '0x3'],
  ])('fixed --mode kvm --kernel %s: %s gives the guest %s', async (kernel, consumer, fixed) => {
    const r = await cli(['fixed', ...HOST, '--mode', 'kvm', '--kernel', kernel, '--json']);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j['consumer']).toBe(consumer);
    expect(j['fixed']).toBe(fixed);
  });
});
