/**
 * The generated TypeScript tables and the JSON tables, loaded by the
 * runtime, answer exactly as the in-memory model does (fast-check over
 * every consumer's inputs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { model as generatedModel } from '../../tables/generated/ts/index.ts';
import type { Model } from '../../src/model/model.ts';
import { mergeModels } from '../../src/runtime/merge.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { ROOT, shipped, shippedSources } from '../helpers.ts';

function jsonModel(): Model {
  const parts = shippedSources().map((s) => {
    const stem = s.path
      .replace(/^tables\//, '')
      .replace(/\.pmumap$/, '')
      .replace(/\//g, '-');
    const doc = JSON.parse(
      readFileSync(join(ROOT, 'tables/generated/json', `${stem}.json`), 'utf8'),
    ) as Model & Record<string, unknown>;
    return doc;
  });
  return mergeModels(parts);
}

describe('generated tables drive the runtime', () => {
  const live = shipped().tables;
  const fromTs = loadTables(generatedModel);
  const fromJson = loadTables(jsonModel());

  it('fixed_counters: every reader agrees across model, TS and JSON for any leaf', () => {
    const u32 = fc.bigInt({ min: 0n, max: 0xffffffffn });
    fc.assert(
      fc.property(
        u32,
        u32,
        u32,
        u32,
        fc.boolean(),
        fc.constantFrom('sdm', 'linux-perf', 'kvm-legacy'),
        (eax, ebx, ecx, edx, hypervisor, c) => {
          const inputs = { eax, ebx, ecx, edx, hypervisor };
          const a = runConsumer(live, c, inputs, 'fixed_counters');
          expect(runConsumer(fromTs, c, inputs, 'fixed_counters')).toEqual(a);
          expect(runConsumer(fromJson, c, inputs, 'fixed_counters')).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('kvm_evtype_write: the same for any counter and 64-bit value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.constantFrom('pmuv3', 'apple_m1'),
        fc.constantFrom(1n, 4n, 5n, 6n, 7n),
        (counter, value, pmu, pmuver) => {
          const inputs = {
            pmu: { kind: 'pmu', name: pmu } as const,
            host_type: 8n,
            pmuver,
            counters: 6n,
            counter: BigInt(counter),
            value,
            el2: false,
          };
          const a = runConsumer(live, 'kvm', inputs, 'kvm_evtype_write');
          expect(runConsumer(fromTs, 'kvm', inputs, 'kvm_evtype_write')).toEqual(a);
          expect(runConsumer(fromJson, 'kvm', inputs, 'kvm_evtype_write')).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });
});
