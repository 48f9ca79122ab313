/**
 * CPUID.0xA fixed-counter readers against DOMAIN.md 10.3/10.5 (the SDM rule
 * as pmu_counters_test.c encodes it; intel_pmu_init; KVM's cap of 3).
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import { shipped } from '../helpers.ts';

function fixed(
  consumer: string,
  leaf: { eax: bigint; ecx?: bigint; edx?: bigint },
  hypervisor = false,
): unknown {
  const { tables } = shipped();
  return runConsumer(
    tables,
    consumer,
    { ebx: 0n, ecx: 0n, edx: 0n, hypervisor, ...leaf },
    'fixed_counters',
  ).outputs['fixed'];
}

// EAX with ebx_length = 7 (or 8) and the given version.
const eax = (version: number, len = 8): bigint =>
  BigInt((len << 24) | (48 << 16) | (8 << 8) | version);

describe('fixed counters by reader', () => {
  it('v2, EDX[4:0] = 2, ECX = 0b100: the SDM rule ignores ECX below v5 (10.5)', () => {
    expect(fixed('sdm', { eax: eax(2), edx: 2n, ecx: 0b100n })).toBe(0b11n);
  });

  it('v5, EDX[4:0] = 0, ECX = 0b1001: perf uses fixed {0, 3}; KVM gives the guest none (10.5)', () => {
    expect(fixed('linux-perf', { eax: eax(5), ecx: 0b1001n })).toBe(0b1001n);
    expect(fixed('sdm', { eax: eax(5), ecx: 0b1001n })).toBe(0b1001n);
  });

  it('v5, EDX[4:0] = 3, ECX = 0: perf has none, the SDM has {0, 1, 2} (10.5)', () => {
    expect(fixed('linux-perf', { eax: eax(5), edx: 3n })).toBe(0n);
    expect(fixed('sdm', { eax: eax(5), edx: 3n })).toBe(0b111n);
  });

  it('v3 with EDX[4:0] = 0: perf assumes {0, 1, 2} on bare metal and trusts EDX under a hypervisor', () => {
    expect(fixed('linux-perf', { eax: eax(3) }, false)).toBe(0b111n);
    expect(fixed('linux-perf', { eax: eax(3) }, true)).toBe(0n);
  });

  it('an EBX vector shorter than 7 leaves perf without a PMU (-ENODEV)', () => {
    expect(fixed('linux-perf', { eax: eax(5, 6), ecx: 0b111n })).toBe(0n);
  });

  it('version 1 has no fixed counters for any reader', () => {
    for (const c of ['sdm', 'linux-perf', 'kvm-legacy'])
      expect(fixed(c, { eax: eax(1), edx: 3n })).toBe(0n);
  });

  it('KVM offers nothing on a hybrid host (kvm_init_pmu_capability)', () => {
    expect(
      fixed('kvm-legacy', { eax: eax(5), ecx: 0b111n, edx: 3n, core: 0x40000001n } as never),
    ).toBe(0n);
  });

  it('KVM caps the guest at a prefix of three (Clearwater Forest 0x77 -> 0b111)', () => {
    expect(fixed('kvm-legacy', { eax: 0x08300806n, ecx: 0x77n, edx: 0x8603n })).toBe(0b111n);
  });

  it('a sparse host mask 0b1011 gives the guest {0, 1, 2} though host fixed 2 is absent (10.5)', () => {
    expect(fixed('kvm-legacy', { eax: eax(5), ecx: 0b1011n })).toBe(0b111n);
  });
});
