/**
 * Invariants of the arm64 mapping for every input: the answer is one of
 * perf, software, direct or refused and never an exception, and the stored
 * value has no bit outside what KVM lets a guest write: newest mainline
 * (kvm_pmu_evtyper_mask) P | U | NSH with EL2 | the event mask of the
 * guest's PMUVer; ≈ v5.18 ARMV8_PMU_EVTYPE_MASK's P | U | NSH | the event
 * mask of the host PMU's PMUVer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import { shipped } from '../helpers.ts';

const PMUVERS = [0n, 1n, 4n, 5n, 6n, 7n, 8n, 9n, 15n];
const EVENT_MASK: Record<string, bigint> = {
  '1': 0x3ffn,
  '4': 0xffffn,
  '5': 0xffffn,
  '6': 0xffffn,
  '7': 0xffffn,
};

describe('kvm_evtype_write is total', () => {
  it('maps, emulates or refuses every counter and value, and stores only writable bits', () => {
    const { tables } = shipped();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 32 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.constantFrom(...PMUVERS),
        fc.integer({ min: 0, max: 31 }),
        fc.boolean(),
        fc.constantFrom('pmuv3', 'apple_m1'),
        fc.constantFrom(...PMUVERS),
        fc.constantFrom('kvm', 'kvm-5.18', 'kvm-fixed-counters-only', 'kvm-partitioned'),
        (counter, value, pmuver, counters, el2, pmu, hostPmuver, consumer) => {
          const r = runConsumer(
            tables,
            consumer,
            {
              pmu: { kind: 'pmu', name: pmu },
              pmuver,
              host_pmuver: hostPmuver,
              counters: BigInt(counters),
              counter: BigInt(counter),
              value,
              el2,
            },
            'kvm_evtype_write',
          );
          expect(['perf', 'software', 'direct', 'refused']).toContain(r.outcome?.kind);
          const stored = r.outputs['stored'];
          if (stored !== undefined) {
            const old = consumer === 'kvm-5.18';
            const writable =
              (1n << 31n) |
              (1n << 30n) |
              (el2 || old ? 1n << 27n : 0n) |
              (EVENT_MASK[String(old ? hostPmuver : pmuver)] ?? 0n);
            expect(typeof stored === 'bigint' && (stored & ~writable) === 0n).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('runConsumer without a trace', () => {
  it('answers exactly as with one', () => {
    const { tables } = shipped();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 33 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.constantFrom(...PMUVERS),
        (counter, value, pmuver) => {
          const inputs = { counter: BigInt(counter), value, pmuver };
          const full = runConsumer(tables, 'kvm', inputs, 'kvm_evtype_write');
          const fast = runConsumer(tables, 'kvm', inputs, 'kvm_evtype_write', { trace: false });
          expect(fast.trace).toEqual([]);
          expect({ ...fast, trace: full.trace }).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });
});
