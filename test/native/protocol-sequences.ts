/**
 * Random call sequences of a protocol for the differential test (fast-check
 * arbitraries): host records, 1-3 vCPUs, and calls that are either random
 * or, four times in five, one the first machine accepts and that changes
 * its state, so that sequences get
 * past the setup calls to the later rules.
 */
import fc from 'fast-check';
import type { MProtocol, Model, PParam } from '../../src/model/model.ts';
import { exploreSpace, hostOf } from '../../src/protocol/explore-space.ts';
import type { Invocation, PValue } from '../../src/runtime/protocol-step.ts';
import { initialState, MachineRunner } from '../../src/runtime/protocol-step.ts';
import type { ProtocolSequence } from './protocol-drivers.ts';

/** Values that reach every comparison: the explore block's, enum members, corners, any u64. */
function valueArb(p: PParam, proto: MProtocol, call: string, model: Model): fc.Arbitrary<PValue> {
  const t = p.type;
  if (t.kind === 'bool' || t.kind === 'flag') return fc.boolean();
  const listed = (proto.explore?.values ?? [])
    .filter((v) => v.call === call && v.param === p.name)
    .flatMap((v) => v.values.map((x) => BigInt(x)));
  const members =
    t.kind === 'enum'
      ? (model.enums.find((e) => e.name === t.name)?.members ?? []).map((m) => BigInt(m.value))
      : [];
  const known = [...listed, ...members, 0n, 1n, 2n, 6n, 16n, 23n, 31n, 32n];
  const wide = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  return fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 4 },
    { arbitrary: wide, weight: 1 },
  );
}

/**
 * Random sequences that get deep: each call is either random (any values)
 * or, four times in five, the first call of the explore space, from a
 * random place, that the first machine accepts with a change of state (so
 * setup calls succeed and later rules are reached).
 */
export function sequenceArbForTest(proto: MProtocol, model: Model): fc.Arbitrary<ProtocolSequence> {
  const enums = new Map(model.enums.map((e) => [e.name, e.members.map((m) => m.value)]));
  const first = (model.machines ?? []).find((m) => m.protocol === proto.name);
  const runner = first ? new MachineRunner(proto, first) : undefined;
  const hostKeys = (proto.explore?.hosts ?? []).map((h) => BigInt(h.values[0] ?? '0'));
  const recordArb = (fields: MProtocol['hosts'][number]['fields']) =>
    fc.tuple(
      ...fields.map((f, i) =>
        f.type.kind === 'bool' || f.type.kind === 'flag'
          ? fc.boolean()
          : i === 0
            ? fc.constantFrom(...hostKeys, 0n, 1n, 8n, 9n, 10n)
            : fc.bigInt({ min: 0n, max: 8n }),
      ),
    ) as fc.Arbitrary<PValue[]>;
  const sampled = hostOf(proto);
  const hostArb = fc.oneof(
    fc.constant(sampled),
    fc
      .tuple(...proto.hosts.map((h) => fc.array(recordArb(h.fields), { maxLength: 3 })))
      .map((records) => new Map(proto.hosts.map((h, i) => [h.name, records[i] ?? []]))),
  );
  return fc.integer({ min: 1, max: 3 }).chain((vcpus) => {
    const space = exploreSpace(proto, enums, vcpus).invocations;
    const groups = proto.calls
      .map((c) => space.filter((i) => i.call.name === c.name))
      .filter((g) => g.length > 0);
    const randomCall = fc.constantFrom(...proto.calls).chain((call) =>
      fc
        .tuple(
          fc.integer({ min: 0, max: vcpus - 1 }),
          fc.tuple(...call.params.map((p) => valueArb(p, proto, call.name, model))),
        )
        .map(([vcpu, values]): Invocation => ({
          call,
          ...(call.perVcpu ? { vcpu } : {}),
          args: new Map(call.params.map((p, i) => [p.name, values[i] as PValue])),
        })),
    );
    const guided = fc.integer({ min: 0, max: 4 }).map((n) => n > 0);
    const choice = fc.tuple(randomCall, guided, fc.noBias(fc.nat({ max: 1_000_000 })));
    return fc.tuple(hostArb, fc.array(choice, { maxLength: 24 })).map(([host, choices]) => {
      let state = initialState(proto, vcpus);
      const calls = choices.map(([random, accepted, at]) => {
        let inv = random;
        if (accepted && runner) {
          // A random call first, then a random one of its argument sets: the
          // first, from there, that the machine accepts with a new state.
          search: for (let c = 0; c < groups.length; c++) {
            const group = groups[(at + c) % groups.length]!;
            for (let k = 0; k < group.length; k++) {
              const candidate = group[(Math.floor(at / groups.length) + k) % group.length]!;
              const out = runner.step(state, host, candidate);
              if (out.result === '0' && out.state !== state) {
                inv = candidate;
                break search;
              }
            }
          }
        }
        if (runner) state = runner.step(state, host, inv).state;
        return inv;
      });
      return { vcpus, host, calls };
    });
  });
}
