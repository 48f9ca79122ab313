/**
 * Which STALL_SLOT events KVM arm64 advertises in PMCEID1 (events 0x3D
 * STALL_SLOT_BACKEND, 0x3E STALL_SLOT_FRONTEND, 0x3F STALL_SLOT: bits 29,
 * 30, 31), generation by generation (DOMAIN-X86-MODELS.md D), each pinned
 * to the kernel line that decides it (arch/arm64/kvm/pmu-emul.c,
 * kvm_pmu_get_pmceid).
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import type { Value } from '../../src/runtime/values.ts';
import { shipped } from '../helpers.ts';

const IMP = 0b0001n; // PMUv3 (Armv8.0)
const V3P4 = 0b0101n;
const STALL_SLOT_BACKEND = 1n << 29n;
const STALL_SLOT_FRONTEND = 1n << 30n;
const STALL_SLOT = 1n << 31n;
const ALL_THREE = STALL_SLOT_BACKEND | STALL_SLOT_FRONTEND | STALL_SLOT;

const pmceid1 = (consumer: string, inputs: Record<string, Value>) =>
  runConsumer(
    shipped().tables,
    consumer,
    { pmu: { kind: 'pmu', name: 'pmuv3' }, host_pmceid1: ALL_THREE, ...inputs },
    'kvm_pmceid',
  ).outputs['pmceid1'];

describe('kvm-6.10 (gregkh/linux@10d525b98aaa): all three cleared on every host', () => {
  // val = read_sysreg(pmceid1_el0);
  // val &= ~(BIT_ULL(ARMV8_PMUV3_PERFCTR_STALL_SLOT - 32) |
  //          BIT_ULL(ARMV8_PMUV3_PERFCTR_STALL_SLOT_FRONTEND - 32) |
  //          BIT_ULL(ARMV8_PMUV3_PERFCTR_STALL_SLOT_BACKEND - 32));
  it.each([
    ['PMUv3p0', IMP],
    ['PMUv3p4', V3P4],
  ])('a %s host: PMCEID1 bits 29-31 are 0', (_name, host_pmuver) => {
    expect(pmceid1('kvm-6.10', { host_pmuver })).toBe(0n);
  });

  it('the other PMCEID1 bits pass through (0x3C, bit 28)', () => {
    expect(pmceid1('kvm-6.10', { host_pmuver: IMP, host_pmceid1: ALL_THREE | (1n << 28n) })).toBe(
      1n << 28n,
    );
  });

  it('STRICT does not exist in this generation: it changes nothing', () => {
    expect(pmceid1('kvm-6.10', { host_pmuver: V3P4, strict: true })).toBe(0n);
  });
});

describe('kvm-5.18 (torvalds/linux, ≈ v5.12-v6.5): only STALL_SLOT, only on a PMUv3p4 host', () => {
  // if (vcpu->kvm->arch.arm_pmu->pmuver >= ID_AA64DFR0_EL1_PMUVer_V3P4)
  //         val &= ~BIT_ULL(ARMV8_PMUV3_PERFCTR_STALL_SLOT - 32);
  it('a PMUv3p4 host: 0x3F hidden, 0x3D and 0x3E advertised', () => {
    expect(pmceid1('kvm-5.18', { host_pmuver: V3P4 })).toBe(
      STALL_SLOT_BACKEND | STALL_SLOT_FRONTEND,
    );
  });

  it('a PMUv3p0 host: all three advertised', () => {
    expect(pmceid1('kvm-5.18', { host_pmuver: IMP })).toBe(ALL_THREE);
  });
});
