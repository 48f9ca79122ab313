/**
 * A host leaf 0xA with one GP counter gives a KVM guest no vPMU: init_intel
 * (arch/x86/kernel/cpu/intel.c) sets X86_FEATURE_ARCH_PERFMON only "if
 * ((eax & 0xff) && (((eax>>8) & 0xff) > 1))", so intel_pmu_init takes the
 * p6 driver (version 0), and kvm_init_pmu_capability turns the vPMU off
 * ("else if (is_intel && !kvm_pmu_cap.version) enable_pmu = false;"; before
 * v5.18 cpuid.c zeroed the leaf: "if (!cap.version) memset(entry, 0, ...)").
 * pmumap offered a one-counter leaf.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

// Version 2, one GP counter of 48 bits, EBX length 7; three fixed counters.
const ONE_GP = [
  '--eax',
  '0x07300102',
  '--ebx',
  '0',
  '--ecx',
  '0',
  '--edx',
  '0x603',
  '--leaf0-eax',
  '0xb',
];

describe('KVM and a host with one GP counter', () => {
  for (const kernel of ['7.0', '6.6', '5.15']) {
    it(`guest-leaf x86 --kernel ${kernel}: the guest leaf is all zero`, async () => {
      const r = await cli(['guest-leaf', 'x86', ...ONE_GP, '--kernel', kernel, '--json']);
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout) as Record<string, string>;
      expect([j['guest_eax'], j['guest_ebx'], j['guest_ecx'], j['guest_edx']]).toEqual([
        '0x0',
        '0x0',
        '0x0',
        '0x0',
      ]);
    });
  }

  it('two GP counters are enough for a vPMU', async () => {
    const two = ONE_GP.map((a) => (a === '0x07300102' ? '0x07300202' : a));
    const j = JSON.parse((await cli(['guest-leaf', 'x86', ...two, '--json'])).stdout) as Record<
      string,
      string
    >;
    expect(j['guest_eax']).toBe('0x7300202');
  });
});
