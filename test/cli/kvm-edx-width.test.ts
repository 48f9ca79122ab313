/**
 * The fixed-counter width KVM_GET_SUPPORTED_CPUID offers in CPUID.0xA
 * EDX[12:5] when host perf has no fixed counter, by release. KVM copies
 * perf's value, arch/x86/kvm/cpuid.c, __do_cpuid_func case 0xa:
 *     edx.split.bit_width_fixed = kvm_pmu_cap.bit_width_fixed;
 * (kvm_init_pmu_capability caps only the version and the counts, torvalds/linux@02918f007792),
 * and perf's arch/x86/events/core.c, perf_get_x86_pmu_capability, set it
 *   up to v6.19:  cap->bit_width_fixed = x86_pmu.cntval_bits;
 *   from v7.0:    cap->bit_width_fixed = cap->num_counters_fixed ? x86_pmu.cntval_bits : 0;
 * (b456a6ba5756 "perf/x86/core: Do not set bit width for unavailable
 * counters", tip perf/core 2025-12-17, in the mediated-vPMU merge for v7.0;
 * stable 6.12.75, 6.18.14 and 6.19.4 took it, which --kernel does not model).
 * cntval_bits is EAX[23:16] (intel_pmu_init: x86_pmu.cntval_bits = eax.split.bit_width).
 * EDX bit 15 is set whenever there is a PMU: "if (kvm_pmu_cap.version)
 * edx.split.anythread_deprecated = 1;".
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

// libcpuid tests/intel/core2/yonah.test: basic_cpuid[10]=07280201 00000000 00000000 00000000,
// arch-perfmon version 1 (perf: fixed counters only "if (version > 1 ...)"), GP width 0x28 = 40.
const YONAH = join(ROOT, 'test/fixtures/cpuid/yonah-coreduo-libcpuid.txt');
const YONAH_LEAF = ['--eax', '0x07280201', '--ebx', '0', '--ecx', '0', '--edx', '0'];
// RJCP i7-6700K_vmware.xml: a VMware guest (CPUID.1:ECX bit 31) whose leaf 0xA is
// 07300401 000000FF 00000000 00000000: KVM run inside it (a nested host) sees version 1,
// 4 GP counters of width 0x30 = 48 and no fixed counter.
const VMWARE = join(ROOT, 'test/fixtures/cpuid/vmware-guest-i7-6700K.txt');
const VMWARE_LEAF = ['--eax', '0x07300401', '--ebx', '0xff', '--ecx', '0', '--edx', '0'];
// A v5 host whose ECX mask is empty: from v5 perf takes ECX alone
// ("x86_pmu.fixed_cntr_mask64 = fixed_mask;"), so perf has no fixed counter.
const V5_NO_FIXED = ['--eax', '0x08300805', '--ebx', '0', '--ecx', '0', '--edx', '0x8000'];

async function guestLeaf(leaf: string[], ...more: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['guest-leaf', 'x86', ...leaf, ...more, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('KVM guest CPUID.0xA EDX[12:5] with no host fixed counter', () => {
  // EDX = AnyThread deprecated (bit 15) | width << 5 | 0 fixed counters:
  // width 40 -> 0x8000 | 0x500 = 0x8500; width 0 -> 0x8000.
  it.each([
    ['6.11', 'kvm-legacy-6.11', '0x8500'],
    ['6.16', 'kvm-legacy-6.16', '0x8500'],
    ['6.19', 'kvm-legacy-6.16', '0x8500'],
    ['7.0', 'kvm-legacy', '0x8000'],
  ])('Yonah (version 1) --kernel %s: %s offers EDX %s', async (kernel, consumer, edx) => {
    const j = await guestLeaf(YONAH_LEAF, '--kernel', kernel);
    expect(j['consumer']).toBe(consumer);
    // EAX is the host's: version min(1, 2), 2 GP counters, width 40, length 7.
    expect(j['guest_eax']).toBe('0x7280201');
    expect(j['guest_edx']).toBe(edx);
  });

  it('Yonah without --kernel: the newest mainline (v7.0) writes 0', async () => {
    const j = await guestLeaf(YONAH_LEAF);
    expect(j['consumer']).toBe('kvm-legacy');
    expect(j['guest_edx']).toBe('0x8000');
  });

  // width 48 -> 0x8000 | 0x600 = 0x8600.
  it.each([
    ['6.19', 'kvm-legacy-6.16', '0x8600'],
    ['7.0', 'kvm-legacy', '0x8000'],
  ])(
    'a nested host (VMware guest, version 1) --kernel %s: %s offers EDX %s',
    async (kernel, consumer, edx) => {
      const j = await guestLeaf(VMWARE_LEAF, '--hypervisor', 'true', '--kernel', kernel);
      expect(j['consumer']).toBe(consumer);
      expect(j['guest_ebx']).toBe('0xff');
      expect(j['guest_edx']).toBe(edx);
    },
  );

  // KVM's version is min(5, 2) = 2; width 48 -> 0x8600 on v6.19, 0x8000 on v7.0.
  it.each([
    ['6.19', 'kvm-legacy-6.16', '0x8600'],
    ['7.0', 'kvm-legacy', '0x8000'],
  ])('a v5 host with ECX 0 --kernel %s: %s offers EDX %s', async (kernel, consumer, edx) => {
    const j = await guestLeaf(V5_NO_FIXED, '--kernel', kernel);
    expect(j['consumer']).toBe(consumer);
    expect(j['guest_eax']).toBe('0x8300802');
    expect(j['guest_edx']).toBe(edx);
  });

  it('the mediated vPMU of v7.0 offers the same leaf, so 0 there too', async () => {
    const j = await guestLeaf(V5_NO_FIXED, '--mode', 'mediated');
    expect(j['consumer']).toBe('kvm-mediated-7.0');
    expect(j['guest_edx']).toBe('0x8000');
  });

  it('with fixed counters the width is the GP width on both sides of v7.0', async () => {
    // Lynnfield 07300403 00000044 00000000 00000603: 3 fixed counters, width 48.
    const lynnfield = ['--eax', '0x07300403', '--ebx', '0x44', '--ecx', '0', '--edx', '0x603'];
    for (const kernel of ['6.19', '7.0'])
      expect((await guestLeaf(lynnfield, '--kernel', kernel))['guest_edx']).toBe('0x8603');
  });
});

describe('the same split in the cpuid report and cpu x86, read from dumps', () => {
  it('cpuid 0xa --dump (Yonah): kvmGuest legacy 0x8000, legacy_6_16 and legacy_6_11 0x8500', async () => {
    const r = await cli(['cpuid', '0xa', '--dump', YONAH, '--json']);
    expect(r.status).toBe(0);
    const guest = (
      JSON.parse(r.stdout) as { answers: { kvmGuest: Record<string, Record<string, string>> }[] }
    ).answers[0]!.kvmGuest;
    expect(guest['legacy']!['edx']).toBe('0x8000');
    expect(guest['legacy_6_16']!['edx']).toBe('0x8500');
    expect(guest['legacy_6_11']!['edx']).toBe('0x8500');
    expect(guest['mediated']!['edx']).toBe('0x8000');
  });

  it('cpuid 0xa --dump (VMware guest): the hypervisor bit comes from the dump, 0x8600 before v7.0', async () => {
    const r = await cli(['cpuid', '0xa', '--dump', VMWARE, '--json']);
    expect(r.status).toBe(0);
    const guest = (
      JSON.parse(r.stdout) as { answers: { kvmGuest: Record<string, Record<string, string>> }[] }
    ).answers[0]!.kvmGuest;
    expect(guest['legacy']!['edx']).toBe('0x8000');
    expect(guest['legacy_6_16']!['edx']).toBe('0x8600');
  });

  it('cpu x86 --dump (Yonah): every KVM reader before v7.0 writes 40, v7.0 writes 0', async () => {
    const r = await cli(['cpu', 'x86', '--dump', YONAH, '--json']);
    expect(r.status).toBe(0);
    type Guest = { leaves: Record<string, Record<string, string>> };
    const guest = (JSON.parse(r.stdout) as { answers: { kvmGuest: Record<string, Guest> }[] })
      .answers[0]!.kvmGuest;
    const edx = (c: string) => guest[c]!.leaves['0xa']!['edx'];
    expect(edx('kvm-legacy')).toBe('0x8000');
    expect(edx('kvm-mediated-7.0')).toBe('0x8000');
    for (const c of ['kvm-legacy-6.16', 'kvm-legacy-6.11', 'kvm-legacy-6.10'])
      expect(edx(c)).toBe('0x8500');
  });
});
