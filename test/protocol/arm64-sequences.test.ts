/**
 * The KVM arm64 PMU attribute protocol (tables/arm64/kvm-attrs.pmumap)
 * against the call sequences in test/fixtures/protocol/arm64: the 12
 * sequences of the facts document (section E.4) and the QEMU, kvmtool and
 * crosvm sequences. Each call of a fixture states what every kernel
 * generation answers (`=> R; MACHINE: R`, src/protocol/sequence-expectation.ts),
 * and `pmumap protocol arm64 check` holds every machine to it: its verdict
 * is the test's. Then explore must find the known generation differences
 * with short witnesses.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';
import { ROOT } from '../helpers.ts';

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
  readonly expectations: {
    readonly held: number;
    readonly failed: number;
    readonly failures: readonly unknown[];
  };
}

interface Disagreement {
  readonly sequence: readonly string[];
  readonly call: string;
  readonly results: Record<string, Result>;
}

async function checkJson(file: string): Promise<{ status: number; json: CheckJson }> {
  const run = await cli(['protocol', 'arm64', 'check', join(DIR, file), '--json']);
  expect(run.stderr).toBe('');
  return { status: run.status, json: JSON.parse(run.stdout) as CheckJson };
}

const tmp = mkdtempSync(join(tmpdir(), 'pmumap-arm64-seq-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fixture with one line replaced, written to a temporary file. */
function edited(file: string, line: number, text: string): string {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  lines[line - 1] = text;
  const out = join(tmp, `${line}-${file}`);
  writeFileSync(out, lines.join('\n'));
  return out;
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

  it.each(FIXTURES)('%s: check holds every machine to every call', async (file) => {
    const { status, json } = await checkJson(file);
    expect(Object.keys(json.consumers).sort()).toEqual([...MACHINES].sort());
    expect(json.expectations.failures).toEqual([]);
    expect(status).toBe(0);
    // Every call states a result for every machine: nothing is left unchecked.
    const calls = json.consumers['kvm']!.length;
    expect(json.expectations.held).toBe(calls * MACHINES.length);
  });

  it('states what differs per machine, in the sequence itself (not in comments)', () => {
    // seq07: FILTER after a run is -EBUSY since v5.18 and still 0 on v5.10-v5.17.
    const text = readFileSync(join(DIR, 'seq07-filter-after-run.seq'), 'utf8');
    expect(text).toMatch(/^vcpu1 set FILTER 0x11,1,allow +=> -EBUSY; kvm-5\.10: 0$/m);
    for (const file of FIXTURES)
      expect(readFileSync(join(DIR, file), 'utf8'), file).not.toMatch(/also:|# inline:/);
  });

  it('exits 1 when a machine answers other than its expectation, naming the machine and line', async () => {
    const file = edited(
      'seq07-filter-after-run.seq',
      13,
      'vcpu1 set FILTER 0x11,1,allow   => -EBUSY; kvm-5.10, kvm-5.18: 0',
    );
    const run = await cli(['protocol', 'arm64', 'check', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('expectations: 87 held, 1 failed\n');
    expect(run.stdout).toContain(
      `  ${file}:13 vcpu1 set FILTER 0x11,1,allow: expected 0, kvm-5.18 gives -EBUSY\n`,
    );
    // Only the machines shown are held to it.
    const shown = await cli(['protocol', 'arm64', 'check', file, '--consumer', 'kvm,kvm-5.10']);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('expectations: 22 held, 0 failed\n');
  });

  it.each([
    [
      '=> -EBUSY; kvm-5.9: 0',
      "'kvm-5.9' is not a machine of protocol kvm_vcpu_pmu; expected one of kvm, ",
    ],
    ['=> -EBUSY; kvm-5.10: 0; kvm-5.10: -EBUSY', "machine 'kvm-5.10' is named twice"],
    ['=> -EBUSY; 0', "two results for every machine not named ('-EBUSY' and '0')"],
    [
      '=> -EBUSY; kvm-5.10: busy',
      "'=> -EBUSY; kvm-5.10: busy': 'busy' is not a result; expected '=> 0' or '=> -ERRNO', or per machine '=> R; MACHINE, MACHINE: R'",
    ],
    ['=> -EBUSY; kvm-5.10: -EWHAT', "'-EWHAT' is not an errno of protocol kvm_vcpu_pmu"],
    ['=> -EBUSY; : 0', "': 0': a machine name is missing before ':'"],
  ])('a bad expectation %j is file:line: message, exit 2', async (expectation, message) => {
    const file = edited('seq07-filter-after-run.seq', 13, `vcpu1 set FILTER 0x11 ${expectation}`);
    const run = await cli(['protocol', 'arm64', 'check', file]);
    expect(run.stderr).toContain(`pmumap: ${file}:13: ${message}`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
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
