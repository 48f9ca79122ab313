/**
 * Every runtime entry point of the shipped tables with random inputs:
 * every consumer of every interface, with random registers, flags, enum
 * values, pmus and filter ranges (some inputs left out for their
 * defaults). The answer is a result, or an EvalError for a caller
 * mistake; never another exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MInterface } from '../../src/model/model.ts';
import { isRangesType, runConsumer } from '../../src/runtime/run.ts';
import type { Value } from '../../src/runtime/values.ts';
import { EvalError } from '../../src/runtime/values.ts';
import { shipped } from '../helpers.ts';
import { FUZZ_TIMEOUT, fuzzParams } from './config.ts';

const u64 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.constantFrom(
    0n,
    1n,
    2n,
    3n,
    7n,
    31n,
    32n,
    33n,
    0x11n,
    0x4008n,
    0x77n,
    0xffffffffn,
    (1n << 64n) - 1n,
  ),
);

function inputArb(
  model: ReturnType<typeof shipped>['model'],
  input: MInterface['inputs'][number],
): fc.Arbitrary<Value | undefined> {
  const pmus = model.pmus.map((p) => p.name);
  let value: fc.Arbitrary<Value>;
  if (input.type === 'bool') value = fc.boolean();
  else if (model.pmus.some((p) => p.name === input.type))
    value = fc.constantFrom(...pmus).map((name) => ({ kind: 'pmu' as const, name }));
  else if (isRangesType(input.type)) {
    value = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 2 }), u64, u64), { maxLength: 4 })
      .map((items) => ({
        kind: 'ranges' as const,
        items: items.map(([a, x, y]) => ({
          action: BigInt(a),
          lo: x < y ? x : y,
          hi: x < y ? y : x,
        })),
      }));
  } else value = u64;
  return fc.option(value, { nil: undefined, freq: 4 });
}

describe('fuzz: the runtime', () => {
  it(
    'answers every consumer of the shipped tables for random inputs',
    () => {
      const { model, tables } = shipped();
      const cases = model.consumers.map((c) => {
        const iface = model.interfaces.find((i) => i.name === c.implements);
        if (!iface) throw new Error(`no interface ${c.implements}`);
        return fc.tuple(
          fc.constant(c.name),
          fc.constant(iface.name),
          fc
            .tuple(...iface.inputs.map((i) => inputArb(model, i)))
            .map(
              (vs) =>
                Object.fromEntries(
                  iface.inputs.map((i, k) => [i.name, vs[k]]).filter(([, v]) => v !== undefined),
                ) as Record<string, Value>,
            ),
        );
      });
      fc.assert(
        fc.property(fc.oneof(...cases), ([consumer, iface, inputs]) => {
          try {
            const r = runConsumer(tables, consumer, inputs, iface);
            if (r.outcome)
              expect(['perf', 'software', 'direct', 'refused']).toContain(r.outcome.kind);
          } catch (e) {
            expect(e).toBeInstanceOf(EvalError);
          }
        }),
        fuzzParams(400),
      );
    },
    FUZZ_TIMEOUT,
  );
});
