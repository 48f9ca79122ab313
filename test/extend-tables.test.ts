/**
 * Adding a PMU implementation or an event is an edit under tables/ only:
 * on a copy of the tables, add a host PMU that translates one more event
 * (a hypothetical "apple_m3" with 16-bit events that also maps INST_SPEC),
 * and see the runtime answer change with no change to src/.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.ts';
import { runConsumer } from '../src/runtime/run.ts';
import { loadTables } from '../src/runtime/tables.ts';
import { shippedSources } from './helpers.ts';

const NEW_PMU = `
pmu apple_m3 extends apple_m1 id 4 "an Apple core whose driver also maps INST_SPEC" {
  table translate : pmuv3_event -> u16 {
    pmuv3_event.INST_RETIRED -> 0x8c
    pmuv3_event.CPU_CYCLES -> 0x02
    pmuv3_event.INST_SPEC -> 0x1b1
  }
}
`;

describe('a new PMU is a table edit', () => {
  it('changes INST_SPEC from UNTRANSLATABLE to a perf event', () => {
    const sources = shippedSources();
    const inputs = (pmu: string) => ({
      pmu: { kind: 'pmu', name: pmu } as const,
      host_type: 10n,
      pmuver: 1n,
      counters: 1n,
      counter: 0n,
      value: 0x1bn,
      el2: false,
    });
    const before = compile(sources);
    expect(
      runConsumer(loadTables(before.model!), 'kvm', inputs('apple_m1'), 'kvm_evtype_write').outcome,
    ).toMatchObject({ code: 'UNTRANSLATABLE' });

    const edited = sources.map((s) =>
      s.path === 'tables/arm64/pmus.pmumap' ? { ...s, text: s.text + NEW_PMU } : s,
    );
    const after = compile(edited);
    expect(after.diagnostics).toEqual([]);
    const t = loadTables(after.model!);
    expect(runConsumer(t, 'kvm', inputs('apple_m3'), 'kvm_evtype_write').outcome).toMatchObject({
      kind: 'perf',
      attr: { config: 0x1b1n },
    });
    // BR_RETIRED is not in the new translation table, so it is refused.
    expect(
      runConsumer(t, 'kvm', { ...inputs('apple_m3'), value: 0x21n }, 'kvm_evtype_write').outcome,
    ).toMatchObject({
      code: 'UNTRANSLATABLE',
    });
  });

  it('a new event is usable by name in examples at once', () => {
    const sources = shippedSources().map((s) =>
      s.path === 'tables/arm64/events.pmumap'
        ? {
            ...s,
            text:
              s.text.replace(
                '  STALL_SLOT = 0x3F\n',
                '  STALL_SLOT = 0x3F\n  MY_EXT_EVENT = 0x400D\n',
              ) +
              `\nexample "0x400D survives on PMUv3p1" on kvm_evtype_write {\n  given pmu = pmuv3, pmuver = PMUVer.V3P1, counter = 0, value = 0x400D\n  expect kvm: event = pmuv3_event.MY_EXT_EVENT\n}\n`,
          }
        : s,
    );
    expect(compile(sources).diagnostics).toEqual([]);
  });
});
