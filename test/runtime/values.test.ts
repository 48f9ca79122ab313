/**
 * The u64 helpers every emitted language must share. Expected values are
 * the kernel's definitions: GENMASK(h, l) (include/linux/bits.h), fls()
 * (include/asm-generic/bitops/fls.h), hweight64, and the contiguous-prefix
 * length that KVM's fixed-counter model implies (DOMAIN.md 6.4, 10.4).
 */
import { describe, expect, it } from 'vitest';
import {
  contiguous,
  extract,
  fls,
  genmask,
  popcount,
  prefixMask,
  shiftLeft,
  u64,
} from '../../src/runtime/values.ts';

describe('u64 helpers', () => {
  it('GENMASK(9, 0) and GENMASK(15, 0) are the PMUv3p0 and PMUv3p1 event masks (__kvm_pmu_event_mask)', () => {
    expect(genmask(9n, 0n)).toBe(0x3ffn);
    expect(genmask(15n, 0n)).toBe(0xffffn);
  });

  it('GENMASK(15, 11) is PMCR_EL0.N (ARMV8_PMU_PMCR_N)', () => {
    expect(genmask(15n, 11n)).toBe(0xf800n);
  });

  it('GENMASK_ULL(63, 61) is PMEVTYPER.TC (ARMV8_PMU_EVTYPE_TC)', () => {
    expect(genmask(63n, 61n)).toBe(0xe000000000000000n);
  });

  it('prefix(k) is GENMASK(k-1, 0), empty for k = 0 and all ones from 64', () => {
    expect(prefixMask(0n)).toBe(0n);
    expect(prefixMask(3n)).toBe(0b111n);
    expect(prefixMask(64n)).toBe((1n << 64n) - 1n);
    expect(prefixMask(200n)).toBe((1n << 64n) - 1n);
  });

  it("Clearwater Forest's fixed mask 0x77 has six counters but a contiguous prefix of three", () => {
    expect(popcount(0x77n)).toBe(6n);
    expect(contiguous(0x77n)).toBe(3n);
  });

  it('a sparse host mask 0b1011 is 3 by popcount (≈6.11+) and 4 by fls (before) (DOMAIN.md 10.5)', () => {
    expect(popcount(0b1011n)).toBe(3n);
    expect(fls(0b1011n)).toBe(4n);
    expect(fls(0n)).toBe(0n);
  });

  it('wraps modulo 2^64 and shifts by 64 or more to zero', () => {
    expect(u64(-1n)).toBe((1n << 64n) - 1n);
    expect(shiftLeft(1n, 64n)).toBe(0n);
    expect(shiftLeft(1n, 63n)).toBe(1n << 63n);
    expect(extract(0xffn, 64n, 8n)).toBe(0n);
    expect(extract(0x4008n, 0n, 10n)).toBe(0x8n);
  });
});
