/**
 * The x86 arch commands: the same consumer name answers several interfaces
 * (kvm-mediated-7.0, the mediated vPMU of v7.0, and kvm-mediated, the
 * PATCH-ONLY fixed-counter-3 series on it), and `generic x86` shows the encoding perf uses for each
 * PERF_COUNT_HW_* id (intel_perfmon_event_map after intel_arch_events_quirk).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const ICE_LAKE = ['--eax', '0x08300805', '--ebx', '0', '--ecx', '0xf', '--edx', '0x8604'];

describe('x86 arch commands', () => {
  // The mediated vPMU is mainline v7.0 (tags/kvm-x86-pmu-6.20, bf2c3138ae36), still with
  // KVM_MAX_NR_INTEL_FIXED_COUNTERS = 3 (intel_get_fixed_pmc_eventsel's three ids); fixed
  // counter 3 is the PATCH-ONLY series, shown beside the mainline answer.
  it('fixed-map --mode mediated: v7.0 refuses fixed counter 3 (limit 3), the 2026 series backs it with the hardware counter', async () => {
    const r = await cli([
      'fixed-map',
      'x86',
      '--counter',
      '3',
      ...ICE_LAKE,
      '--mode',
      'mediated',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { patches: unknown[] };
    expect(j).toMatchObject({
      outcome: 'refused',
      reason: { code: 'ABOVE_KVM_LIMIT' },
      consumer: 'kvm-mediated-7.0',
      status: { kind: 'mainline', since: '7.0', until: null },
    });
    expect(j.patches).toHaveLength(1);
    expect(j.patches[0]).toMatchObject({
      outcome: 'direct',
      event: 'TOPDOWN_SLOTS',
      consumer: 'kvm-mediated',
      status: { kind: 'patch', modifies: 'kvm-mediated-7.0' },
    });
  });

  // reprogram_counter (v6 26/44): "if (kvm_vcpu_has_mediated_pmu(pmu_to_vcpu(pmu))) {
  // kvm_mediated_pmu_refresh_event_filter(pmc); return 0; }": no perf event.
  it('fixed-map --mode mediated on v7.0: fixed counter 0 is the hardware counter, a perf event with --mediated false', async () => {
    const on = await cli([
      'fixed-map',
      'x86',
      '--counter',
      '0',
      ...ICE_LAKE,
      '--mode',
      'mediated',
      '--json',
    ]);
    expect(JSON.parse(on.stdout)).toMatchObject({
      outcome: 'direct',
      consumer: 'kvm-mediated-7.0',
    });
    const off = await cli([
      'fixed-map',
      'x86',
      '--counter',
      '0',
      ...ICE_LAKE,
      '--mode',
      'mediated',
      '--mediated',
      'false',
      '--json',
    ]);
    expect(JSON.parse(off.stdout)).toMatchObject({
      outcome: 'perf',
      attr: { type: 4, config: '0xc0' },
      consumer: 'kvm-mediated-7.0',
    });
  });

  it('fixed-map --mode mediated --kernel 6.19: no release before v7.0 has the mediated vPMU', async () => {
    const r = await cli([
      'fixed-map',
      'x86',
      '--counter',
      '0',
      ...ICE_LAKE,
      '--mode',
      'mediated',
      '--kernel',
      '6.19',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^pmumap: --kernel 6\.19: no consumer of kvm_fixed_counter models it \(kvm-mediated-7\.0 mainline v7\.0 and later\)/,
    );
  });

  it('fixed-map without a mode refuses fixed counter 3: no generic perf event', async () => {
    const r = await cli(['fixed-map', 'x86', '--counter', '3', ...ICE_LAKE, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'refused',
      reason: { code: 'NO_GENERIC_EVENT' },
    });
  });

  it('generic x86 gives 0x003c for cycles and removes branch-misses when EBX bit 6 is set', async () => {
    const r = await cli(['generic', 'x86', '--eax', '0x07300805', '--ebx', '0x40', '--json']);
    const j = JSON.parse(r.stdout) as {
      events: {
        id: number;
        outcome: string;
        code: string | null;
        reason: { code: string } | null;
      }[];
    };
    expect(j.events[0]).toMatchObject({ id: 0, outcome: 'mapped', code: '0x3c' });
    expect(j.events[5]).toMatchObject({
      id: 5,
      outcome: 'refused',
      reason: { code: 'EVENT_UNAVAILABLE' },
    });
    expect(j.events[9]).toMatchObject({ id: 9, outcome: 'mapped', code: '0x300' });
  });
});
