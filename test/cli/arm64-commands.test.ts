/**
 * The arm64 command-line contract: `map`, `generic` and `pmceid` with
 * --json print the documented keys; bad arguments are one line, exit 2.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('pmumap map arm64', () => {
  it('prints outcome, event, stored, attr, reason and source', async () => {
    const r = await cli([
      'map',
      'arm64',
      '--pmu',
      'apple-m1',
      '--pmuver',
      'IMP',
      '--counter',
      '0',
      '--value',
      '0x4008',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({
      outcome: 'perf',
      event: 'INST_RETIRED',
      stored: '0x8',
      attr: {
        type: 8,
        config: '0x8c',
        config1: '0x0',
        exclude_user: false,
        exclude_kernel: false,
        exclude_hv: true,
        exclude_host: true,
        pinned: true,
      },
      reason: null,
    });
    expect(j['source']).toMatch(/^tables\/arm64\/kvm-vpmu\.pmumap:\d+$/);
  });

  it('refusals carry a code and a message', async () => {
    const r = await cli([
      'map',
      'arm64',
      '--pmu',
      'pmuv3',
      '--counter',
      '0',
      '--value',
      '0x8',
      '--filter',
      'allow:0x11-0x11',
      '--json',
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'refused',
      attr: null,
      reason: { code: 'FILTERED' },
    });
  });

  it('--mode selects the proposed modes', async () => {
    const r = await cli([
      'map',
      'arm64',
      '--counter',
      '31',
      '--value',
      '0',
      '--mode',
      'fixed-counters-only',
      '--json',
    ]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'perf',
      attr: { type: 0, config: '0x0' },
    });
    const p = await cli([
      'map',
      'arm64',
      '--counter',
      '0',
      '--value',
      '0x11',
      '--mode',
      'partitioned',
      '--hpmn',
      '0',
      '--json',
    ]);
    expect(JSON.parse(p.stdout)).toMatchObject({
      outcome: 'refused',
      reason: { code: 'NOT_IMPLEMENTED' },
    });
  });

  it('without --json explains every step with its tables line', async () => {
    const r = await cli(['map', 'arm64', '--counter', '0', '--value', '0x4008', '--pmuver', 'IMP']);
    expect(r.stdout).toMatch(/tables\/arm64\/kvm-vpmu\.pmumap:\d+ +output stored = 0x8/);
  });

  it.each([
    [['map', 'arm64', '--value', '1'], 'map arm64 needs --counter'],
    [
      ['map', 'arm64', '--counter', '0', '--value', '1', '--mode', 'turbo'],
      "unknown --mode 'turbo'",
    ],
    [['map', 'arm64', '--counter', '0', '--value', '1', '--pmu', 'm9'], '--pmu: expected a pmu'],
    [
      ['map', 'arm64', '--counter', '0', '--value', '1', '--filter', 'maybe:1-2'],
      "--filter: unknown action 'maybe'",
    ],
    [['map', 'x99', '--counter', '0'], "unknown architecture 'x99'"],
    [['map', 'arm64', '--colour', 'red'], "unknown option '--colour'"],
  ])('%j is a one-line usage error', async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('pmumap generic arm64', () => {
  it('answers for each of the ten PERF_COUNT_HW_* ids', async () => {
    const r = await cli(['generic', 'arm64', '--pmceid0', '0x1000', '--pmceid1', '0x2', '--json']);
    const j = JSON.parse(r.stdout) as {
      events: { perf: string; id: number; outcome: string; code: string | null }[];
    };
    expect(j.events.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(j.events[0]).toMatchObject({ perf: 'cpu-cycles', outcome: 'refused' });
    expect(j.events[4]).toMatchObject({
      perf: 'branch-instructions',
      outcome: 'mapped',
      code: '0x21',
    });
    expect(j.events[9]).toMatchObject({ perf: 'ref-cycles', outcome: 'refused', code: null });
  });
});

describe('pmumap pmceid arm64', () => {
  it('prints the two registers', async () => {
    const r = await cli(['pmceid', 'arm64', '--pmu', 'apple-m1', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({
      pmceid0: '0x40020101',
      pmceid1: '0x6',
      // The newest mainline consumer answers, and says so (issue 21).
      consumer: 'kvm',
      status: { kind: 'mainline', since: '6.14', until: null, series: null },
      patches: [],
    });
  });
});
