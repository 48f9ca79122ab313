/**
 * The x86 arch commands: the same consumer name answers several interfaces
 * (kvm-mediated), and `generic x86` shows the encoding perf uses for each
 * PERF_COUNT_HW_* id (intel_perfmon_event_map after intel_arch_events_quirk).
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const ICE_LAKE = ['--eax', '0x08300805', '--ebx', '0', '--ecx', '0xf', '--edx', '0x8604'];

describe('x86 arch commands', () => {
  it('fixed-map --mode mediated backs fixed counter 3 with the hardware counter (2026 series)', async () => {
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
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'direct',
      event: 'TOPDOWN_SLOTS',
      consumer: 'kvm-mediated',
    });
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
