/**
 * arm64 beyond the basic write: the event filter, every PMUVer, the
 * proposed fixed-counters-only and partitioned modes, PMCEID synthesis and
 * the host driver's generic map, each against DOMAIN.md and the sources it
 * cites (pmu-emul.c, arm_pmuv3.c, the 2026 FIXED_COUNTERS_ONLY and
 * partitioning series).
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import type { Value } from '../../src/runtime/values.ts';
import { shipped } from '../helpers.ts';

const ALLOW = 0n;
const DENY = 1n;
const filter = (...items: [bigint, bigint, bigint][]): Value => ({
  kind: 'ranges',
  items: items.map(([action, lo, hi]) => ({ action, lo, hi })),
});
const pmu = (name: string): Value => ({ kind: 'pmu', name });

function map(inputs: Record<string, Value>, consumer = 'kvm') {
  return runConsumer(
    shipped().tables,
    consumer,
    { pmu: pmu('pmuv3'), counter: 0n, value: 0x11n, ...inputs },
    'kvm_evtype_write',
  );
}

describe('the KVM event filter (kvm_arm_pmu_v3_set_attr FILTER, DOMAIN.md 1.9)', () => {
  it('a first ALLOW range makes the default deny: only the allowed events count', () => {
    const f = filter([ALLOW, 0x11n, 0x11n]);
    expect(map({ filter: f, value: 0x08n }).outcome).toMatchObject({
      kind: 'refused',
      code: 'FILTERED',
    });
    expect(map({ filter: f, counter: 31n, value: 0n }).outcome?.kind).toBe('perf');
  });

  it('a first DENY range makes the default allow', () => {
    const f = filter([DENY, 0x11n, 0x11n]);
    expect(map({ filter: f, value: 0x08n }).outcome?.kind).toBe('perf');
    expect(map({ filter: f, counter: 31n }).outcome).toMatchObject({ code: 'FILTERED' });
  });

  it('SW_INCR and CHAIN are never filtered', () => {
    const f = filter([ALLOW, 0x11n, 0x11n]);
    expect(map({ filter: f, value: 0x00n }).outcome?.kind).toBe('software');
    expect(map({ filter: f, value: 0x1en }).outcome?.kind).toBe('software');
  });

  it('later ranges override earlier ones', () => {
    const f = filter([DENY, 0x0n, 0x3fn], [ALLOW, 0x08n, 0x08n]);
    expect(map({ filter: f, value: 0x08n }).outcome?.kind).toBe('perf');
    expect(map({ filter: f, value: 0x09n }).outcome).toMatchObject({ code: 'FILTERED' });
  });

  it('a range past the host limit is -EINVAL: 1024 events on an Apple (PMUv3p0) host', () => {
    const f = filter([DENY, 0x400n, 0x400n]);
    expect(map({ pmu: pmu('apple_m1'), filter: f }).outcome).toMatchObject({
      code: 'INVALID_CONFIG',
    });
    expect(map({ filter: f }).outcome?.kind).toBe('perf');
  });
});

describe('every PMUVer', () => {
  const cases: [string, bigint, string, bigint][] = [
    ['NI', 0n, 'refused', 0n],
    ['IMP', 1n, 'perf', 0x0008n],
    ['V3P1', 4n, 'perf', 0x4008n],
    ['V3P4', 5n, 'perf', 0x4008n],
    ['V3P5', 6n, 'perf', 0x4008n],
    ['V3P7', 7n, 'refused', 0n], // above KVM's V3P5 limit
    ['V3P8', 8n, 'refused', 0n],
    ['V3P9', 9n, 'refused', 0n],
    ['IMP_DEF', 15n, 'refused', 0n],
  ];
  it.each(cases)('%s: writing 0x4008 gives %s', (_name, pmuver, kind, config) => {
    const r = map({ pmuver, value: 0x4008n });
    expect(r.outcome?.kind).toBe(kind);
    if (kind === 'perf') expect(r.outcome).toMatchObject({ attr: { config } });
  });
});

describe('fixed-counters-only (PATCH-ONLY, FIXED_COUNTERS_ONLY v11)', () => {
  const fco = (inputs: Record<string, Value>) => map(inputs, 'kvm-fixed-counters-only');

  it('the cycle counter is PERF_TYPE_HARDWARE / PERF_COUNT_HW_CPU_CYCLES, with the guest exclusions', () => {
    expect(fco({ counter: 31n, value: 0x40000000n }).outcome).toMatchObject({
      kind: 'perf',
      event: 'perf.HARDWARE.CPU_CYCLES',
      attr: { type: 0n, config: 0n, exclude_user: true, exclude_host: true },
    });
  });

  it('the instruction counter is PERF_COUNT_HW_INSTRUCTIONS only when every host PMU has ICNTR', () => {
    expect(fco({ counter: 32n, all_icntr: true }).outcome).toMatchObject({
      attr: { type: 0n, config: 1n },
    });
    expect(fco({ counter: 32n, all_icntr: false }).outcome).toMatchObject({ code: 'HOST_ONLY' });
  });

  it('every programmable counter is refused', () => {
    for (let c = 0n; c < 31n; c++)
      expect(fco({ counter: c }).outcome).toMatchObject({ code: 'NOT_IMPLEMENTED' });
  });

  it('an event filter or SET_PMU is -EBUSY', () => {
    expect(fco({ counter: 31n, filter: filter([ALLOW, 0x11n, 0x11n]) }).outcome).toMatchObject({
      code: 'INCOMPATIBLE',
    });
    expect(fco({ counter: 31n, set_pmu: true }).outcome).toMatchObject({ code: 'INCOMPATIBLE' });
  });

  it('works on Apple too: a generic cycles event needs no translation', () => {
    expect(fco({ pmu: pmu('apple_m1'), counter: 31n }).outcome).toMatchObject({
      attr: { type: 0n, config: 0n },
    });
  });
});

describe('partitioned PMU (PATCH-ONLY, partitioning v7): HPMN 0..N+1 with N = 6', () => {
  const part = (hpmn: bigint, counter: bigint) =>
    map({ counters: 6n, hpmn, counter }, 'kvm-partitioned');
  for (let hpmn = 0n; hpmn <= 7n; hpmn++) {
    it(`HPMN = ${hpmn}`, () => {
      if (hpmn > 6n) {
        expect(part(hpmn, 0n).outcome).toMatchObject({ code: 'INVALID_CONFIG' });
        return;
      }
      for (let c = 0n; c < 6n; c++)
        expect(part(hpmn, c).outcome?.kind).toBe(c < hpmn ? 'direct' : 'refused');
      expect(part(hpmn, 31n).outcome?.kind).toBe('direct');
      expect(part(hpmn, 32n).outcome).toMatchObject({ code: 'HOST_ONLY' });
    });
  }
});

describe('PMCEID as the guest reads it (kvm_pmu_get_pmceid, DOMAIN.md 10.2)', () => {
  const pmceid = (inputs: Record<string, Value>, consumer = 'kvm') =>
    runConsumer(shipped().tables, consumer, { pmu: pmu('pmuv3'), ...inputs }, 'kvm_pmceid').outputs;

  it('Apple M1: PMCEID0 bits {0, 8, 17, 30}, PMCEID1 bits {1, 2}, upper halves 0 (DOMAIN.md 4.5)', () => {
    expect(pmceid({ pmu: pmu('apple_m1') })).toEqual({ pmceid0: 0x40020101n, pmceid1: 0x6n });
  });

  it('SW_INCR and CHAIN are forced on even when the host lacks them', () => {
    expect(pmceid({ host_pmceid0: 0n, host_pmceid1: 0n }).pmceid0).toBe(0x40000001n);
  });

  it('STALL_SLOT* (bits 29-31 of PMCEID1) are hidden unless STRICT', () => {
    expect(pmceid({ host_pmceid1: 0xe0000000n }).pmceid1).toBe(0n);
    expect(pmceid({ host_pmceid1: 0xe0000000n, strict: true }).pmceid1).toBe(0xe0000000n);
  });

  it('a filter masks PMCEID by the same ranges as event creation', () => {
    const r = pmceid({ filter: filter([ALLOW, 0x11n, 0x11n]) });
    expect(r.pmceid0).toBe(1n << 17n);
  });

  it('≈ v5.18 read the hardware register and forced nothing', () => {
    expect(pmceid({ host_pmceid0: 0x100n, host_pmceid1: 0n }, 'kvm-5.18').pmceid0).toBe(0x100n);
    expect(pmceid({ host_pmceid0: 0x100n, host_pmceid1: 0n }, 'kvm-6.10').pmceid0).toBe(
      0x40000100n,
    );
  });
});

describe('host driver: PERF_TYPE_HARDWARE -> PMUv3 event (armv8pmu_map_event)', () => {
  const all = 0xffffffffn;
  const generic = (id: bigint, consumer = 'arm-pmuv3', pmceid0 = all, pmceid1 = all) =>
    runConsumer(shipped().tables, consumer, { perf_id: id, pmceid0, pmceid1 }, 'pmuv3_generic_map');

  it('maps the eight static entries of armv8_pmuv3_perf_map', () => {
    const expected: [bigint, bigint][] = [
      [0n, 0x11n],
      [1n, 0x08n],
      [2n, 0x04n],
      [3n, 0x03n],
      [5n, 0x10n],
      [6n, 0x1dn],
      [7n, 0x23n],
      [8n, 0x24n],
    ];
    for (const [id, ev] of expected) expect(generic(id).outputs['event']).toBe(ev);
  });

  it('never maps REF_CPU_CYCLES', () => {
    for (const c of ['arm-pmuv3', 'arm-pmuv3-6.4', 'arm-pmuv3-6.3']) {
      expect(generic(9n, c).outcome).toMatchObject({ code: 'UNSUPPORTED' });
    }
  });

  it('offers an event only when PMCEID has it', () => {
    expect(generic(0n, 'arm-pmuv3', 0n, 0n).outcome).toMatchObject({
      code: 'EVENT_NOT_IMPLEMENTED',
    });
  });

  it('BRANCH_INSTRUCTIONS: BR_RETIRED first since v6.12, PC_WRITE_RETIRED first in v6.4-v6.11, static before', () => {
    expect(generic(4n, 'arm-pmuv3').outputs['event']).toBe(0x21n);
    expect(generic(4n, 'arm-pmuv3-6.4').outputs['event']).toBe(0x0cn);
    expect(generic(4n, 'arm-pmuv3-6.3').outputs['event']).toBe(0x0cn);
    expect(generic(4n, 'arm-pmuv3', 0n, 0n).outcome).toMatchObject({ code: 'UNSUPPORTED' });
  });
});
