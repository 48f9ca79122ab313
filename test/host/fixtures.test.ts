/**
 * The plan for each sysfs fixture (test/fixtures/sysfs/README.md says
 * which real machine each imitates and where every file's format comes
 * from) against its expect.json, written by hand from the rules: QEMU's
 * probe (reference thread 002: skip devices without `cpus` or `type`,
 * SET_PMU with a PMU covering every CPU, else FIXED_COUNTERS_ONLY when
 * the union covers them, else none), DOMAIN.md 8.1/8.2, and
 * kvm_init_pmu_capability on x86 hybrids (DOMAIN.md 6.2).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planHost } from '../../src/query/host-plan.ts';
import { readHost } from '../../src/host/read-host.ts';
import { directorySource } from '../../src/host/sysfs-source.ts';
import { ROOT, shipped } from '../helpers.ts';

interface Expectation {
  plan: string;
  pmuType: number | null;
  pmu: string | null;
  uncovered: number[];
  compatible: string[];
  skipped: Record<string, string>;
  problems: { path: string; kind: string }[];
  sharedEvents?: string[];
  /** The plan with the PATCH-ONLY FIXED_COUNTERS_ONLY series, where it differs from mainline's. */
  seriesPlan?: string;
}

const DIR = join(ROOT, 'test/fixtures/sysfs');
const fixtures = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

export function planFixture(name: string, options = {}) {
  const { model, tables } = shipped();
  const cpuFiles = model.archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
  const host = readHost(directorySource(join(DIR, name)), cpuFiles);
  return planHost(tables, host, options);
}

describe('host plans for the sysfs fixtures', () => {
  it('has the fixtures the issue names', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining([
        'arm64-homogeneous',
        'arm64-a55-a76',
        'arm64-a510-a710-x2',
        'apple-m1',
        'arm64-partial',
        'x86-hybrid',
        'x86-cpu',
        'malformed',
        'missing',
      ]),
    );
  });

  for (const name of fixtures) {
    it(`plans ${name} as expect.json says`, () => {
      const want = JSON.parse(readFileSync(join(DIR, name, 'expect.json'), 'utf8')) as Expectation;
      const got = planFixture(name);
      expect(got.plan).toBe(want.plan);
      expect(got.pmuType).toBe(want.pmuType);
      expect(got.pmu).toBe(want.pmu);
      expect(got.uncovered).toEqual(want.uncovered);
      expect(
        got.pmus
          .filter((p) => p.compatible)
          .map((p) => p.name)
          .sort(),
      ).toEqual([...want.compatible].sort());
      expect(
        got.pmus
          .filter((p) => !p.compatible)
          .map((p) => p.name)
          .sort(),
      ).toEqual(Object.keys(want.skipped).sort());
      expect(got.problems.map((p) => ({ path: p.path, kind: p.kind }))).toEqual(
        expect.arrayContaining(want.problems),
      );
      expect(got.problems).toHaveLength(want.problems.length);
      if (want.sharedEvents) expect(got.guest.sharedEvents).toEqual(want.sharedEvents);
      // The default plan is mainline's; the series' plan is the patch-only consumer's.
      if (want.seriesPlan)
        expect(planFixture(name, { consumer: 'qemu-rfc' }).plan).toBe(want.seriesPlan);
    });
  }
});

describe('what a guest keeps', () => {
  it('keeps only the cycle counter under fixed-counters-only (PMCR_EL0.N = 0)', () => {
    // FIXED_COUNTERS_ONLY v11 (DOMAIN.md 8.2): only the cycle counter, PMCEID = 0.
    const p = planFixture('arm64-a55-a76', { consumer: 'qemu-rfc' });
    expect(p.guest.cycleCounter).toBe(true);
    expect(p.guest.instructionCounter).toBe(false);
    expect(p.guest.eventsChecked).toBeGreaterThan(0);
    expect(p.guest.refusedEvents).toHaveLength(p.guest.eventsChecked);
    expect(new Set(p.guest.refusedEvents.map((e) => e.reason))).toEqual(
      new Set(['NOT_IMPLEMENTED']),
    );
  });

  it('keeps every event under SET_PMU on a PMUv3 host, but never PMICNTR (index 32)', () => {
    // DOMAIN.md 9 item 10: ICNTR is host-only; KVM's guest index space ends at 31.
    const p = planFixture('arm64-homogeneous');
    expect(p.guest.cycleCounter).toBe(true);
    expect(p.guest.instructionCounter).toBe(false);
    expect(p.guest.counters.find((c) => c.name === 'instructions')?.code).toBe('HOST_ONLY');
    expect(p.guest.refusedEvents).toEqual([]);
  });

  it('keeps the four translated events on an Apple host pinned to one cluster', () => {
    // Pinned to the firestorm cores, SET_PMU applies; m1_pmu_map_pmuv3_event
    // translates only 0x08, 0x11, 0x21, 0x22 (DOMAIN.md 9 item 25), and the
    // guest has one event counter (counter 0).
    const p = planFixture('apple-m1', { cpus: [4, 5, 6, 7] });
    expect(p.plan).toBe('set-pmu');
    expect(p.pmu).toBe('apple_firestorm_pmu');
    const refused = new Set(p.guest.refusedEvents.map((e) => e.event));
    const kept = shipped()
      .model.enums.find((e) => e.name === 'pmuv3_event')
      ?.members.filter((m) => !refused.has(m.name))
      .map((m) => Number(m.value));
    // SW_INCR (0x00) and CHAIN (0x1E) are emulated by KVM, never refused;
    // the guest is PMUv3p0, so KVM keeps only bits 9:0 of the event number
    // (DOMAIN.md 9 item 4): 0x4008 is stored as 0x0008, INST_RETIRED.
    const counted = new Set([0x00, 0x08, 0x11, 0x1e, 0x21, 0x22]);
    expect(kept?.length).toBeGreaterThan(counted.size);
    for (const code of kept ?? []) expect(counted.has(code & 0x3ff)).toBe(true);
  });

  it('has no vPMU at all on a hybrid x86 host', () => {
    const p = planFixture('x86-hybrid');
    expect(p.why).toBe('HYBRID');
    expect(p.guest.cycleCounter).toBe(false);
  });

  it('follows the pinning: big.LITTLE pinned to the big cores gets SET_PMU with their PMU', () => {
    // kvmtool's assumption made explicit: a VMM pinned to CPUs one PMU covers.
    const p = planFixture('arm64-a55-a76', { cpus: [4, 5, 6, 7] });
    expect(p.plan).toBe('set-pmu');
    expect(p.pmu).toBe('armv8_cortex_a76');
    expect(p.pmuType).toBe(
      Number(
        readFileSync(
          join(DIR, 'arm64-a55-a76/bus/event_source/devices/armv8_cortex_a76/type'),
          'utf8',
        ),
      ),
    );
  });

  it('mainline KVM, without FIXED_COUNTERS_ONLY, leaves big.LITTLE without a trustworthy vPMU', () => {
    const p = planFixture('arm64-a55-a76', { consumer: 'mainline' });
    expect(p.plan).toBe('none');
    expect(p.warnings.map((w) => w.message).join()).toMatch(/default PMU/);
  });

  it("names each PMU's cores from MIDR_EL1", () => {
    const p = planFixture('arm64-a510-a710-x2');
    const cores = Object.fromEntries(
      p.pmus.filter((d) => d.compatible).map((d) => [d.name, d.cores]),
    );
    expect(cores).toEqual({
      armv9_cortex_a510: ['cortex_a510'],
      armv9_cortex_a710: ['cortex_a710'],
      armv9_cortex_x2: ['cortex_x2'],
    });
  });
});
