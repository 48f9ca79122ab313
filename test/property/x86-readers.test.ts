/**
 * Invariants over every CPUID.0xA value: the report never throws; every
 * KVM consumer offers a contiguous prefix (KVM models only 0..k-1,
 * DOMAIN.md 6.4, 10.4) of at most 3 (legacy) or 4 (mediated) counters;
 * and the guest leaf KVM builds, read back by the SDM rule, names exactly
 * the counters KVM claims to offer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/query/cpuid/leaf-answer.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import { contiguous, popcount } from '../../src/runtime/values.ts';
import { shipped } from '../helpers.ts';

const u32 = fc.bigInt({ min: 0n, max: 0xffffffffn });
// Leaves that look like real ones more often: small versions, few fixed counters.
const eaxArb = fc.oneof(
  u32,
  fc
    .tuple(
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 0, max: 16 }),
      fc.integer({ min: 0, max: 13 }),
    )
    .map(([v, gp, len]) => BigInt((len << 24) | (48 << 16) | (gp << 8) | v)),
);
const edxArb = fc.oneof(
  u32,
  fc.integer({ min: 0, max: 8 }).map((n) => BigInt(0x8600 | n)),
);
const ecxArb = fc.oneof(u32, fc.integer({ min: 0, max: 127 }).map(BigInt));

describe('CPUID.0xA readers', () => {
  const { model, tables } = shipped();

  it('the report never throws for any four 32-bit values', () => {
    fc.assert(
      fc.property(eaxArb, u32, ecxArb, edxArb, fc.boolean(), (eax, ebx, ecx, edx, hypervisor) => {
        const values = new Map([
          ['ArchPerfmon.eax', eax],
          ['ArchPerfmon.ebx', ebx],
          ['ArchPerfmon.ecx', ecx],
          ['ArchPerfmon.edx', edx],
        ]);
        const r = buildReport(model, tables, 0xan, values, { hypervisor });
        expect(Object.keys(r.json)).toEqual([
          'decoded',
          'events',
          'fixedCounters',
          'kvmGuest',
          'mappings',
          'warnings',
          // Issue 21: which kernel each consumer models (a new key; the others keep their meaning).
          'statuses',
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('KVM offers a prefix of at most 3 (legacy) or 4 (mediated), and its guest leaf says the same', () => {
    fc.assert(
      fc.property(eaxArb, u32, ecxArb, edxArb, fc.boolean(), (eax, ebx, ecx, edx, hypervisor) => {
        const leaf = { eax, ebx, ecx, edx, hypervisor };
        for (const [consumer, cap] of [
          ['kvm-legacy', 3n],
          ['kvm-mediated', 4n],
        ] as const) {
          const fixed = runConsumer(tables, consumer, leaf, 'fixed_counters').outputs['fixed'];
          expect(typeof fixed).toBe('bigint');
          if (typeof fixed !== 'bigint') return;
          expect(contiguous(fixed)).toBe(popcount(fixed));
          expect(popcount(fixed) <= cap).toBe(true);
          const g = runConsumer(tables, consumer, leaf, 'kvm_guest_leaf').outputs;
          const reread = runConsumer(
            tables,
            'sdm',
            {
              eax: g['guest_eax'] ?? 0n,
              ebx: g['guest_ebx'] ?? 0n,
              ecx: g['guest_ecx'] ?? 0n,
              edx: g['guest_edx'] ?? 0n,
            },
            'fixed_counters',
          ).outputs['fixed'];
          expect(reread).toBe(fixed);
        }
      }),
      { numRuns: 400 },
    );
  });
});
