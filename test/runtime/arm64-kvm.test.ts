/**
 * The arm64 emulated vPMU as the shipped tables model it, against the facts
 * in DOMAIN.md (arch/arm64/kvm/pmu-emul.c, drivers/perf/apple_m1_cpu_pmu.c).
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import type { Value } from '../../src/runtime/values.ts';
import { shipped } from '../helpers.ts';

const IMP = 0b0001n;
const V3P1 = 0b0100n;
const V3P5 = 0b0110n;
const pmuv3: Value = { kind: 'pmu', name: 'pmuv3' };
const apple: Value = { kind: 'pmu', name: 'apple_m1' };

function write(over: Record<string, Value>, consumer = 'kvm') {
  const { tables } = shipped();
  return runConsumer(
    tables,
    consumer,
    {
      pmu: pmuv3,
      host_type: 8n,
      pmuver: V3P5,
      counters: 6n,
      counter: 0n,
      value: 0x11n,
      el2: false,
      ...over,
    },
    'kvm_evtype_write',
  );
}

describe('kvm_pmu_set_counter_event_type / kvm_pmu_create_perf_event', () => {
  it('truncates 0x4008 to INST_RETIRED (0x0008) on a PMUv3p0 guest (DOMAIN.md 10.5)', () => {
    const r = write({ pmuver: IMP, value: 0x4008n });
    expect(r.outputs['stored']).toBe(0x8n);
    expect(r.outcome).toMatchObject({ kind: 'perf', attr: { config: 0x8n } });
  });

  it('keeps 16-bit event numbers from PMUv3p1 (GENMASK(15, 0))', () => {
    expect(write({ pmuver: V3P1, value: 0x4008n }).outputs['stored']).toBe(0x4008n);
  });

  it('counts CPU_CYCLES (0x11) on the cycle counter whatever PMCCFILTR says (1.5 step 3)', () => {
    const r = write({ counter: 31n, value: 0x0008n });
    expect(r.outputs['event']).toBe(0x11n);
    expect(r.outcome).toMatchObject({ kind: 'perf', attr: { config: 0x11n, config1: 1n } });
  });

  it('marks event counters 64-bit only from PMUv3p5 (kvm_pmc_is_64bit)', () => {
    expect(write({ pmuver: V3P5 }).outcome).toMatchObject({ attr: { config1: 1n } });
    expect(write({ pmuver: V3P1 }).outcome).toMatchObject({ attr: { config1: 0n } });
  });

  it('emulates SW_INCR and CHAIN in software, never as perf events (1.5 step 4)', () => {
    expect(write({ value: 0x00n }).outcome?.kind).toBe('software');
    expect(write({ value: 0x1en }).outcome?.kind).toBe('software');
  });

  it('discards bits the guest cannot write: NSK, NSU, M and MT need EL3 (kvm_pmu_evtyper_mask)', () => {
    const r = write({ value: 0xfe000011n });
    expect(r.outputs['stored']).toBe(0xc0000011n);
  });

  it('lets NSH (include EL2) through only when the VM has EL2', () => {
    expect(write({ value: 0x08000011n, el2: true }).outputs['stored']).toBe(0x08000011n);
    expect(write({ value: 0x08000011n, el2: false }).outputs['stored']).toBe(0x11n);
  });

  it('sets exclude_hv, exclude_host and pinned, and the type of the selected host PMU (1.5 step 7)', () => {
    expect(write({ host_type: 11n }).outcome).toMatchObject({
      kind: 'perf',
      attr: { type: 11n, exclude_hv: true, exclude_host: true, pinned: true },
    });
  });

  it('maps P and U to exclude_kernel and exclude_user', () => {
    expect(write({ value: 0x80000011n }).outcome).toMatchObject({
      attr: { exclude_kernel: true, exclude_user: false },
    });
    expect(write({ value: 0x40000011n }, 'kvm-5.18').outcome).toMatchObject({
      attr: { exclude_user: true },
    });
  });

  it('refuses a counter at or above PMCR_EL0.N and the host-only instruction counter', () => {
    expect(write({ counters: 2n, counter: 2n }).outcome).toMatchObject({
      kind: 'refused',
      code: 'NOT_IMPLEMENTED',
    });
    expect(write({ counter: 32n }).outcome).toMatchObject({ kind: 'refused', code: 'HOST_ONLY' });
  });
});

describe('Apple M1 (m1_pmu_map_pmuv3_event)', () => {
  const translations: [bigint, bigint][] = [
    [0x08n, 0x8cn],
    [0x11n, 0x02n],
    [0x21n, 0x8dn],
    [0x22n, 0xcbn],
  ];
  it.each(translations)('translates PMUv3 0x%s to M1 0x%s', (from, to) => {
    expect(write({ pmu: apple, pmuver: IMP, counters: 1n, value: from }).outcome).toMatchObject({
      kind: 'perf',
      attr: { config: to },
    });
  });

  it('refuses every other common event, e.g. INST_SPEC 0x1B (DOMAIN.md 10.5)', () => {
    for (let ev = 0x01n; ev < 0x40n; ev++) {
      if (translations.some(([f]) => f === ev) || ev === 0x1en) continue;
      const r = write({ pmu: apple, pmuver: IMP, counters: 1n, value: ev });
      expect(r.outcome, `event ${ev}`).toMatchObject({ kind: 'refused', code: 'UNTRANSLATABLE' });
    }
  });

  it('maps the cycle counter to CORE_ACTIVE_CYCLE 0x02', () => {
    expect(write({ pmu: apple, pmuver: IMP, counters: 1n, counter: 31n }).outcome).toMatchObject({
      attr: { config: 0x02n },
    });
  });
});
