/**
 * The KVM arm64 PMU attribute protocol (tables/arm64/kvm-attrs.pmumap)
 * against the call sequences in test/fixtures/protocol/arm64: the 12
 * sequences of the facts document (section E.4) and the QEMU, kvmtool and
 * crosvm sequences. Each fixture states what every kernel generation
 * answers (sequence-expectations.ts); `pmumap protocol arm64 check --json`
 * must answer exactly that, call by call, for every machine. Then explore
 * must find the known generation differences with short witnesses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { ROOT } from '../helpers.ts';
import { expectedFor, readExpectations } from './sequence-expectations.ts';

const DIR = join(ROOT, 'test/fixtures/protocol/arm64');
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith('.seq'))
  .sort();

const MACHINES = [
  'kvm',
  'kvm-6.7',
  'kvm-5.18',
  'kvm-5.10',
  'kvm-doc',
  'kvm-fixed-counters-only',
  'kvm-fixed-counters-only-v7',
  'kvm-partitioned',
];

type Result = number | string;

interface CheckJson {
  readonly consumers: Record<string, readonly { line: number; call: string; result: Result }[]>;
}

interface Disagreement {
  readonly sequence: readonly string[];
  readonly call: string;
  readonly results: Record<string, Result>;
}

/** The CLI writes 0 or an errno name; the fixtures write 0 or -ERRNO. */
const asWritten = (r: Result): string => (r === 0 ? '0' : `-${String(r)}`);

async function checkJson(file: string): Promise<CheckJson> {
  const run = await cli(['protocol', 'arm64', 'check', join(DIR, file), '--json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as CheckJson;
}

describe('KVM arm64 PMU attribute sequences', () => {
  // The first call compiles the shipped tables into the run's cache (and
  // searches each machine's states, PM2410): give it the time a loaded
  // machine needs, then every fixture reads the cache.
  beforeAll(async () => {
    await cli(['protocol', 'arm64', 'check', join(DIR, 'seq01-init-order.seq')]);
  }, 600_000);

  it('has the 12 sequences of the facts document and the three VMMs', () => {
    expect(FIXTURES.filter((f) => f.startsWith('seq')).map((f) => f.slice(3, 5))).toEqual(
      expect.arrayContaining([
        '01',
        '02',
        '03',
        '04',
        '05',
        '06',
        '07',
        '08',
        '09',
        '10',
        '11',
        '12',
      ]),
    );
    expect(FIXTURES.filter((f) => f.startsWith('vmm-'))).toEqual(
      expect.arrayContaining(['vmm-crosvm.seq', 'vmm-kvmtool.seq', 'vmm-qemu-virt.seq']),
    );
  });

  it.each(FIXTURES)('%s answers as stated for every machine', async (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const expectations = readExpectations(text, file);
    const json = await checkJson(file);
    expect(Object.keys(json.consumers).sort()).toEqual([...MACHINES].sort());
    for (const call of expectations.calls) {
      for (const name of call.also.keys())
        if (name !== '*') expect(MACHINES, `${file}:${call.line} names ${name}`).toContain(name);
    }
    const mismatches: string[] = [];
    for (const machine of MACHINES) {
      const answered = new Map(json.consumers[machine]!.map((c) => [c.line, c]));
      for (const call of expectations.calls) {
        const got = answered.get(call.line);
        const want = expectedFor(expectations, call, machine);
        if (!got) mismatches.push(`${file}:${call.line} ${machine}: no answer`);
        else if (asWritten(got.result) !== want)
          mismatches.push(
            `${file}:${call.line} ${call.call} ${machine}: ${asWritten(got.result)}, expected ${want}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('exits 1 on a patch-only sequence whose expected success fails on mainline', async () => {
    // seq11b expects FIXED_COUNTERS_ONLY => 0 (the v7 series); mainline has no attribute 5.
    const run = await cli(['protocol', 'arm64', 'check', join(DIR, 'seq11b-fco-then-filter.seq')]);
    expect(run.status).toBe(1);
    const ok = await cli(['protocol', 'arm64', 'check', join(DIR, 'vmm-qemu-virt.seq')]);
    expect(ok.status).toBe(0);
  });
});

describe('explore finds the generation differences', () => {
  let disagreements: readonly Disagreement[] = [];
  const find = (pred: (d: Disagreement) => boolean): Disagreement | undefined =>
    disagreements.find(pred);

  beforeAll(async () => {
    const run = await cli(['protocol', 'arm64', 'explore', '--depth', '5', '--json']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { complete: boolean; disagreements: Disagreement[] };
    expect(json.complete).toBe(true);
    disagreements = json.disagreements;
  }, 600_000);

  it('FILTER after another vCPU ran: -EBUSY since v5.18, 0 before', () => {
    const d = find(
      (x) =>
        x.call.includes('set FILTER') &&
        x.sequence.some((s) => s.endsWith(' run')) &&
        x.results['kvm-5.10'] === 0 &&
        x.results['kvm'] === 'EBUSY',
    );
    expect(d, 'a witness of the has-run check').toBeDefined();
    expect(d!.results['kvm-5.18']).toBe('EBUSY');
    // A vCPU must finish its PMU INIT before it runs: init, INIT, run, then the other vCPU's filter.
    expect(d!.sequence.length).toBeLessThanOrEqual(5);
  });

  it('SET_NR_COUNTERS is an unknown attribute before v6.16', () => {
    const d = find(
      (x) => x.call.includes('set SET_NR_COUNTERS') && x.results['kvm-6.7'] === 'ENXIO',
    );
    expect(d).toBeDefined();
    expect(d!.results['kvm-5.18']).toBe('ENXIO');
    expect(d!.results['kvm']).not.toBe('ENXIO');
    expect(d!.sequence).toHaveLength(2); // vcpu0 init pmu_v3, then the attribute
  });

  it('FIXED_COUNTERS_ONLY after a filter: -EBUSY in the series, unknown in mainline', () => {
    const d = find(
      (x) =>
        x.call.includes('set FIXED_COUNTERS_ONLY') &&
        x.sequence.some((s) => s.includes('set FILTER')) &&
        x.results['kvm-fixed-counters-only'] === 'EBUSY',
    );
    expect(d).toBeDefined();
    expect(d!.results['kvm-fixed-counters-only-v7']).toBe('EBUSY');
    expect(d!.results['kvm']).toBe('ENXIO');
    expect(d!.results['kvm-partitioned']).toBe('EFAULT');
    expect(d!.sequence).toHaveLength(3);
  });

  it('the documentation and the code disagree on SET_NR_COUNTERS without SET_PMU', () => {
    const d = find(
      (x) =>
        x.call.includes('set SET_NR_COUNTERS') &&
        x.results['kvm-doc'] === 'EINVAL' &&
        x.results['kvm'] === 0,
    );
    expect(d).toBeDefined();
  });
});
