/**
 * The fixed-counter-3 series for the mediated vPMU ("KVM: x86/pmu: Support
 * Intel fixed counter 3 on mediated vPMU"), version by version, each pinned
 * to the hunk that decides it. V2 (2/4, 2026-04-24; reference thread 004)
 * caps the count KVM_GET_SUPPORTED_CPUID reports by the host's EDX[4:0] in
 * cpuid.c, mediated vPMU or not; V1 (2/3, 2026-02-26) has no cpuid.c hunk.
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import type { Value } from '../../src/runtime/values.ts';
import { shipped } from '../helpers.ts';

/** Arch-perfmon v2, two GP counters, EBX length 7, EDX = 0: a v2 host that reports no fixed counters. */
const v2NoFixed: Record<string, Value> = { eax: 0x07280202n, ebx: 0n, ecx: 0n, edx: 0n };
/** Clearwater Forest (DOMAIN.md 10.3): v6, ECX mask 0x77, EDX[4:0] = 3. */
const clearwaterForest: Record<string, Value> = {
  eax: 0x08300806n,
  ebx: 0n,
  ecx: 0x77n,
  edx: 0x8603n,
};
const run = (consumer: string, iface: string, inputs: Record<string, Value>) =>
  runConsumer(shipped().tables, consumer, inputs, iface);
const fixed = (consumer: string, inputs: Record<string, Value>) =>
  run(consumer, 'fixed_counters', inputs).outputs['fixed'];

describe('V2: the host EDX[4:0] cap applies on every host', () => {
  // cpuid.c, case 0xa, reached whenever enable_pmu and ARCH_PERFMON hold:
  //   host_edx = (union cpuid10_edx)entry->edx;
  //   edx.split.num_counters_fixed =
  //           min_t(int, kvm_pmu_cap.num_counters_fixed,
  //                 host_edx.split.num_counters_fixed);
  // intel_pmu_init still gives perf three fixed counters on this host
  // ("v2 perfmon does not report fixed-purpose events, so assume at least
  // 3 events"), and mainline KVM offers them.
  it('a v2 host with EDX[4:0] = 0: mainline offers {0, 1, 2}, V2 none', () => {
    expect(fixed('kvm-legacy', v2NoFixed)).toBe(0x7n);
    expect(fixed('kvm-mediated', v2NoFixed)).toBe(0n);
  });

  it('the same without the mediated vPMU: still none', () => {
    expect(fixed('kvm-mediated', { ...v2NoFixed, mediated: false })).toBe(0n);
  });

  it('the guest leaf KVM_GET_SUPPORTED_CPUID offers has EDX[4:0] = 0 (mainline: 3)', () => {
    const edx = (consumer: string) =>
      (run(consumer, 'kvm_guest_leaf', v2NoFixed).outputs['guest_edx'] as bigint) & 0x1fn;
    expect(edx('kvm-legacy')).toBe(3n);
    expect(edx('kvm-mediated')).toBe(0n);
  });

  it('guest fixed counter 0 is backed on mainline and refused under V2', () => {
    const outcome = (consumer: string) =>
      run(consumer, 'kvm_fixed_counter', { ...v2NoFixed, counter: 0n }).outcome?.kind;
    expect(outcome('kvm-legacy')).toBe('perf');
    expect(outcome('kvm-mediated')).toBe('refused');
  });

  it('Clearwater Forest (mask 0x77, EDX[4:0] = 3): {0, 1, 2}, no fixed counter 3', () => {
    expect(fixed('kvm-mediated', clearwaterForest)).toBe(0x7n);
  });
});

describe('V1: no cpuid.c hunk, so no host EDX[4:0] cap', () => {
  // V1 2/3 touches kvm_host.h (KVM_MAX_NR_INTEL_FIXED_COUNTERS 3 -> 4),
  // pmu.c and x86.c only; V2's changelog: "Don't advertise fixed counter 3
  // to userspace if the host doesn't support it."
  it('a v2 host with EDX[4:0] = 0 keeps the three perf assumes', () => {
    expect(fixed('kvm-mediated-v1', v2NoFixed)).toBe(0x7n);
  });

  it('Clearwater Forest is offered {0, 1, 2, 3}: popcount(0x77) = 6, capped at 4, as a prefix', () => {
    expect(fixed('kvm-mediated-v1', clearwaterForest)).toBe(0xfn);
  });
});
