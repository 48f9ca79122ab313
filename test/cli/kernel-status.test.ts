/**
 * Issue 21: every answer says which kernel it models. The defaults are the
 * newest mainline consumers; --kernel picks, for every interface a command
 * asks, the mainline version whose range holds the release (one line and
 * exit 2 outside every range); a patch-only consumer that answers
 * differently is shown beside the mainline answer, labelled with its
 * series. Expected values come from the kernel facts cited at each test.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const bigLittle = join(ROOT, 'test/fixtures/sysfs/arm64-a55-a76');
/** Clearwater Forest's CPUID.0xA (DOMAIN.md 10.3): version 6, ECX mask 0x77, EDX count 3. */
const cwf = ['--eax', '0x08300806', '--ebx', '0', '--ecx', '0x77', '--edx', '0x8603'];

async function json(argv: string[]): Promise<Record<string, unknown>> {
  const r = await cli([...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('pmumap host on a big.LITTLE host (A55 + A76)', () => {
  // Mainline KVM has no FIXED_COUNTERS_ONLY: without one PMU covering
  // every CPU the guest gets no vPMU it can trust (DOMAIN.md 8.1); the
  // series (reference thread 000, v7) gives it the fixed counters.
  it('answers with mainline first and the series plan beside it, labelled', async () => {
    const r = await cli(['host', '--sysfs', bigLittle]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('plan ('));
    expect(lines[at]).toBe('plan (mainline, mainline v5.18 and later): none');
    const series = lines.slice(at + 1).find((l) => l.includes('with the series'));
    expect(series).toBe(
      '  with the series "KVM: arm64: PMU: Introduce FIXED_COUNTERS_ONLY" v7 (2026-04-20) (qemu-rfc): fixed-counters-only',
    );
    expect(r.stdout).toMatch(/the guest keeps \(mode fixed-counters-only\): cycles yes/);
  });

  it('carries status and patches in JSON, the documented keys unchanged', async () => {
    const j = await json(['host', '--sysfs', bigLittle]);
    expect(j['consumer']).toBe('mainline');
    expect(j['plan']).toBe('none');
    expect(j['why']).toBe('NO_SINGLE_PMU');
    expect(j['status']).toEqual({ kind: 'mainline', since: '5.18', until: null, series: null });
    const patches = j['patches'] as Record<string, unknown>[];
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({
      consumer: 'qemu-rfc',
      plan: 'fixed-counters-only',
      status: {
        kind: 'patch',
        series: {
          subject: 'KVM: arm64: PMU: Introduce FIXED_COUNTERS_ONLY',
          version: 'v7',
          date: '2026-04-20',
        },
        modifies: 'mainline',
      },
    });
  });

  it('shows no patch beside a plan the series does not change (one PMU covers every CPU)', async () => {
    const j = await json(['host', '--sysfs', join(ROOT, 'test/fixtures/sysfs/arm64-homogeneous')]);
    expect(j['plan']).toBe('set-pmu');
    expect(j['patches']).toEqual([]);
  });

  it('asks what the guest keeps of the mode consumer that models the release', async () => {
    // One PMU covers every CPU: SET_PMU, the emulated vPMU; v6.0 is kvm-5.18's
    // range, v6.10 kvm's, and v6.5 neither's (one line, exit 2).
    const homogeneous = join(ROOT, 'test/fixtures/sysfs/arm64-homogeneous');
    const at = async (kernel: string) =>
      (await json(['host', '--sysfs', homogeneous, '--kernel', kernel]))['guest'];
    expect(await at('6.0')).toMatchObject({ mode: 'emulated', consumer: 'kvm-5.18' });
    expect(await at('6.10')).toMatchObject({ mode: 'emulated', consumer: 'kvm' });
    const r = await cli(['host', '--sysfs', homogeneous, '--kernel', '6.5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: --kernel 6\.5: no consumer of kvm_evtype_write models it/);
  });

  it('refuses a kernel before SET_PMU (v5.18) in one line, exit 2', async () => {
    const r = await cli(['host', '--sysfs', bigLittle, '--kernel', '5.17']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pmumap: --kernel 5\.17: no consumer of host_device models it/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--kernel across arm64 interfaces, at the edges of each range', () => {
  // kvm_evtype_write: kvm-5.18 models v5.18-v6.0 (S9), kvm v6.10 and later
  // (S10); releases between them are modelled by neither.
  it.each([
    ['5.18', 'kvm-5.18'],
    ['6.0', 'kvm-5.18'],
    ['6.10', 'kvm'],
    ['6.19', 'kvm'],
  ])('map arm64 --kernel %s answers with %s', async (kernel, consumer) => {
    const j = await json(['map', 'arm64', '--counter', '0', '--value', '0x11', '--kernel', kernel]);
    expect(j['consumer']).toBe(consumer);
    expect((j['status'] as { kind: string }).kind).toBe('mainline');
  });

  it.each(['5.17', '6.1', '6.9'])(
    'map arm64 --kernel %s is outside every range: one line, exit 2',
    async (kernel) => {
      const r = await cli([
        'map',
        'arm64',
        '--counter',
        '0',
        '--value',
        '0x11',
        '--kernel',
        kernel,
      ]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `pmumap: --kernel ${kernel}: no consumer of kvm_evtype_write models it (kvm mainline v6.10 and later; kvm-5.18 mainline v5.18–v6.0)\n`,
      );
    },
  );

  // 6.9 < 6.10 < 6.13 < 6.14: versions compare as numbers, not as text.
  it.each([
    ['6.0', 'kvm-5.18'],
    ['6.10', 'kvm-6.10'],
    ['6.13', 'kvm-6.10'],
    ['6.14', 'kvm'],
  ])('pmceid arm64 --kernel %s answers with %s', async (kernel, consumer) => {
    const j = await json(['pmceid', 'arm64', '--kernel', kernel]);
    expect(j['consumer']).toBe(consumer);
  });

  // drivers/perf/arm_pmuv3.c: static PC_WRITE_RETIRED up to v6.3, PC_WRITE
  // first from v6.4 (a30b87e6bd7d), BR_RETIRED first from v6.12 (5967a19f1c2f).
  it.each([
    ['6.3', 'arm-pmuv3-6.3'],
    ['6.4', 'arm-pmuv3-6.4'],
    ['6.11', 'arm-pmuv3-6.4'],
    ['6.12', 'arm-pmuv3'],
  ])('generic arm64 --kernel %s answers with %s', async (kernel, consumer) => {
    const j = await json([
      'generic',
      'arm64',
      '--pmceid0',
      '0x1000',
      '--pmceid1',
      '0x2',
      '--kernel',
      kernel,
    ]);
    expect(j['consumer']).toBe(consumer);
  });
});

describe('--kernel across x86 interfaces', () => {
  // Perf reads CPUID.0xA.ECX (the fixed-counter mask) from arch-perfmon v5
  // support, v5.12; before that only EDX's count: Clearwater Forest's
  // counters 4-6 are then invisible.
  it.each([
    ['5.11', 'linux-perf-pre-5.12', '0x7'],
    ['5.12', 'linux-perf-5.12', '0x77'],
    ['6.2', 'linux-perf-5.12', '0x77'],
    // From v6.3 hybrid parts read leaf 0x23 (eb467aaac21e); CWF is not hybrid.
    ['6.3', 'linux-perf-6.3', '0x77'],
    ['6.10', 'linux-perf-6.3', '0x77'],
    // From v6.11 counter masks; leaf 0x23 on non-hybrid CPUs from v6.16 (25c623f41438).
    ['6.11', 'linux-perf-6.11', '0x77'],
    // v6.14 tests subleaf-0 EAX bit 1 for subleaf 1, not bit 0 (47a973fd7563).
    ['6.14', 'linux-perf-6.14', '0x77'],
    ['6.15', 'linux-perf-6.14', '0x77'],
    ['6.16', 'linux-perf', '0x77'],
  ])('fixed x86 --kernel %s answers with %s: fixed = %s', async (kernel, consumer, fixed) => {
    const j = await json(['fixed', 'x86', ...cwf, '--kernel', kernel]);
    expect(j['consumer']).toBe(consumer);
    expect(j['fixed']).toBe(fixed);
  });

  it.each([
    ['6.10', 'kvm-legacy-6.10'],
    // v6.11-v6.15 leaf 0xA's mask; from v6.16 perf's, with leaf 0x23 (25c623f41438).
    ['6.11', 'kvm-legacy-6.11'],
    ['6.16', 'kvm-legacy'],
  ])('fixed x86 --mode kvm --kernel %s follows the KVM reader: %s', async (kernel, consumer) => {
    const j = await json(['fixed', 'x86', ...cwf, '--mode', 'kvm', '--kernel', kernel]);
    expect(j['consumer']).toBe(consumer);
    // KVM offers at most three fixed counters, a prefix (DOMAIN.md 10.3).
    expect(j['fixed']).toBe('0x7');
  });

  // The oldest modelled guest leaf is v5.10: before cadbaa039b99 (perf/urgent
  // for v5.10-rc4) KVM left EDX bit 15 clear, and earlier releases were not
  // read (tables/x86/kvm.pmumap kvm-legacy-5.10).
  it('says so when an interface has no consumer for the release', async () => {
    const r = await cli(['guest-leaf', 'x86', ...cwf, '--kernel', '5.9']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'pmumap: --kernel 5.9: no consumer of kvm_guest_leaf models it (kvm-legacy mainline v7.0 and later; kvm-legacy-6.16 mainline v6.16–v6.19; kvm-legacy-6.11 mainline v6.11–v6.15; kvm-legacy-6.10 mainline v6.3–v6.10; kvm-legacy-6.2 mainline v6.2; kvm-legacy-5.14 mainline v5.14–v6.1; kvm-legacy-5.12 mainline v5.12–v5.13; kvm-legacy-5.10 mainline v5.10–v5.11)\n',
    );
  });

  it('refuses a value that is no release', async () => {
    const r = await cli(['fixed', 'x86', ...cwf, '--kernel', 'six']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: --kernel 'six' is not a kernel release/);
  });
});

describe('answers name their consumer and its status', () => {
  it('map arm64 on Apple M1: mainline on the answer line, each differing series beside it', async () => {
    // Counter 0 does not exist under FIXED_COUNTERS_ONLY (PMCR_EL0.N = 0,
    // DOMAIN.md 8.2), and partitioning needs a PMUv3 host PMU (8.3).
    const r = await cli(['map', 'arm64', '--pmu', 'apple_m1', '--counter', '0', '--value', '0x11']);
    expect(r.status).toBe(0);
    const [answer, , first, second] = r.stdout.split('\n');
    expect(answer).toMatch(/^kvm \(mainline v6\.10 and later\): perf \{/);
    expect(first).toMatch(
      /^ {2}with the series "KVM: arm64: PMU: Introduce FIXED_COUNTERS_ONLY" v7 \(2026-04-20\) \(kvm-fixed-counters-only\): refused NOT_IMPLEMENTED/,
    );
    expect(second).toMatch(
      /^ {2}with the series "ARM64 PMU Partitioning" v7 \(2026-05-04\) \(kvm-partitioned\): refused INCOMPATIBLE/,
    );
  });

  it('a patch-only answer names its series and has no patches beside it', async () => {
    const j = await json(['guest-leaf', 'x86', ...cwf, '--consumer', 'kvm-mediated']);
    expect(j['consumer']).toBe('kvm-mediated');
    expect(j['status']).toMatchObject({
      kind: 'patch',
      series: { version: 'v2', date: '2026-04-24' },
      modifies: 'kvm-mediated-7.0',
    });
    expect(j['patches']).toEqual([]);
  });

  // The mediated vPMU is mainline v7.0 (tags/kvm-x86-pmu-6.20, bf2c3138ae36): --mode
  // mediated answers with it; the fixed-counter-3 series that modifies it is shown
  // beside it only where it answers differently (Clearwater Forest lacks fixed counter 3).
  it('--mode mediated is the mainline v7.0 mediated vPMU, the fixed-counter-3 series beside it when it differs', async () => {
    const j = await json(['guest-leaf', 'x86', ...cwf, '--mode', 'mediated']);
    expect(j['consumer']).toBe('kvm-mediated-7.0');
    expect(j['status']).toEqual({ kind: 'mainline', since: '7.0', until: null, series: null });
    expect(j['patches']).toEqual([]);
    const ice = ['--eax', '0x08300805', '--ebx', '0', '--ecx', '0xf', '--edx', '0x8604'];
    const k = await json(['guest-leaf', 'x86', ...ice, '--mode', 'mediated']);
    expect(k['guest_edx']).toBe('0x8603');
    expect(k['patches']).toMatchObject([{ consumer: 'kvm-mediated', guest_edx: '0x8604' }]);
  });
});

describe('cpuid 0xa marks each reader with the kernel it models', () => {
  it('lists the mediated vPMU as patch-only, beside the mainline readers', async () => {
    const r = await cli(['cpuid', '0xa', ...cwf]);
    expect(r.status).toBe(0);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `));
    expect(row('kvm-legacy')).toMatch(/ mainline v6\.16 and later$/);
    expect(row('kvm-legacy-6.11')).toMatch(/ mainline v6\.11–v6\.15$/);
    expect(row('kvm-mediated')).toMatch(
      / patch-only: "KVM: x86\/pmu: Support Intel fixed counter 3 on mediated vPMU" v2 \(2026-04-24\)$/,
    );
    expect(row('linux-perf-pre-5.12')).toMatch(/ mainline up to v5\.11$/);
    expect(row('sdm')).toMatch(/ spec: Intel SDM/);
  });

  it('gives each reader its status in JSON (a new key: fixedCounters keeps its meaning)', async () => {
    const j = await json(['cpuid', '0xa', ...cwf]);
    const statuses = j['statuses'] as Record<string, { kind: string; series: unknown }>;
    expect(Object.keys(statuses).sort()).toEqual(Object.keys(j['fixedCounters'] as object).sort());
    expect(statuses['kvm-mediated']?.kind).toBe('patch');
    expect(statuses['kvm-legacy']).toEqual({
      kind: 'mainline',
      since: '6.16',
      until: null,
      series: null,
    });
    expect(statuses['sdm']?.kind).toBe('spec');
  });
});

describe('pmumap commands', () => {
  it('names the kernel of each default consumer and mode', async () => {
    const r = await cli(['commands']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '  interface kvm_evtype_write, default consumer kvm (mainline v6.10 and later)',
    );
    expect(r.stdout).toMatch(
      /--mode fixed-counters-only \(consumer kvm-fixed-counters-only, patch-only: "KVM: arm64: PMU: Introduce FIXED_COUNTERS_ONLY" v7 \(2026-04-20\)\)/,
    );
  });
});
