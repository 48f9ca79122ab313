/**
 * The KVM selftest's fixed-counter matrix (tools/testing/selftests/kvm/x86/
 * pmu_counters_test.c, test_intel_counters / guest_test_fixed_counters):
 * versions 0..5, EDX[4:0] = 0..N and every ECX mask over N bits, for N = 4
 * fixed counters. The selftest decides "fixed counter i is supported" as
 * `i < nr_fixed (version >= 2) || ECX[i] (version >= 5)`; the `sdm`
 * consumer must agree on every point.
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import { shipped } from '../helpers.ts';

const N = 4;

function selftestSupported(version: number, nrFixed: number, mask: number, i: number): boolean {
  const nr = version >= 2 ? nrFixed : 0;
  const supported = version >= 5 ? mask : 0;
  return i < nr || ((supported >> i) & 1) === 1;
}

describe('sdm agrees with the KVM selftest matrix', () => {
  it(`versions 0..5 x EDX 0..${N} x ${2 ** N} ECX masks`, () => {
    const { tables } = shipped();
    let points = 0;
    for (let version = 0; version <= 5; version++) {
      for (let nr = 0; nr <= N; nr++) {
        for (let mask = 0; mask < 2 ** N; mask++) {
          const eax = BigInt((8 << 24) | (48 << 16) | (8 << 8) | version);
          const edx = BigInt((48 << 5) | nr);
          const fixed = runConsumer(
            tables,
            'sdm',
            { eax, ebx: 0n, ecx: BigInt(mask), edx },
            'fixed_counters',
          ).outputs['fixed'];
          for (let i = 0; i < N; i++) {
            const got = typeof fixed === 'bigint' && ((fixed >> BigInt(i)) & 1n) === 1n;
            expect(got, `v${version} edx=${nr} ecx=${mask} fixed ${i}`).toBe(
              selftestSupported(version, nr, mask, i),
            );
          }
          points++;
        }
      }
    }
    expect(points).toBe(6 * (N + 1) * 2 ** N);
  });
});
