/**
 * `guest-leaf x86` and `fixed-map x86` for the mainline releases before
 * v6.11, down to v5.10 (the 6.6, 6.1, 5.15 and 5.10 LTS kernels among
 * them): each boundary with a host leaf answered before and at it. The
 * facts, with the commits and the pulls that carried them (tables/x86/kvm.pmumap,
 * docs/sources/x86-releases.md section 6):
 *
 *  v6.11  722e42e45c2f "perf/x86: Support counter mask" (perf-core-2024-07-16):
 *         before it perf_get_x86_pmu_capability reported
 *         "cap->num_counters_fixed = x86_pmu.num_counters_fixed;", on a v5+
 *         host "fls(fixed_mask)" (32451614da2a), so a sparse ECX offers more.
 *  v6.3   8911ce66697e "KVM: x86/pmu: Cap kvm_pmu_cap.num_counters_gp at
 *         KVM's internal max" (tags/kvm-x86-pmu-6.3): before it the GP count
 *         is perf's, uncapped by KVM.
 *  v6.2   4d7404e5ee00 "KVM: x86/pmu: Disable vPMU support on hybrid CPUs
 *         (host PMUs)" ("Final batch KVM changes for Linux 6.2"): before it a
 *         hybrid host gets "the common value in global x86_pmu".
 *  v6.0   "KVM: x86/pmu: Use PERF_TYPE_RAW to merge reprogram_{gp,fixed}counter()"
 *         ("KVM changes for Linux 5.20 merge window", released as v6.0):
 *         before it a guest fixed counter is "pmc_reprogram_counter(pmc,
 *         PERF_TYPE_HARDWARE, ...find_fixed_event(idx), ...)" with
 *         "fixed_pmc_events[] = {1, 0, 7}" (instructions, cpu-cycles, ref-cycles).
 *  v5.14  7234c362ccb3 ("[ Upstream commit 7234c362ccb3... ]" in the 5.13
 *         stable review): "-edx.split.anythread_deprecated = 1;
 *         +if (cap.version)": before it EDX bit 15 is set without a PMU too.
 *  v5.12  32451614da2a "perf/x86/intel: Support CPUID 10.ECX to disable
 *         fixed counters" (perf-core-2021-02-17): before it perf read no ECX,
 *         "max((int)edx.split.num_counters_fixed, assume)" at every version > 1.
 *  v5.10  cadbaa039b99 (perf/urgent for v5.10-rc4) added EDX bit 15; older
 *         releases are not modelled and --kernel refuses them.
 *
 * Guest EDX = bit 15 | width << 5 | count, the width perf's cntval_bits
 * (the GP width: 48 = 0x30 -> 0x600, 40 = 0x28 -> 0x500) before v7.0.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

async function json(argv: string[]): Promise<Record<string, unknown>> {
  const r = await cli([...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const leaf = (eax: string, ebx: string, ecx: string, edx: string): string[] => [
  '--eax',
  eax,
  '--ebx',
  ebx,
  '--ecx',
  ecx,
  '--edx',
  edx,
];

/** Ice Lake-SP (version 5, 8 GP counters of 48 bits, ECX 0xf, EDX 4 fixed). */
const ICELAKE = leaf('0x08300805', '0', '0xf', '0x8604');
/** A v2 leaf with EDX[4:0] = 0 (Core 2 style): bare-metal perf assumes three fixed counters. */
const V2 = leaf('0x07280202', '0', '0', '0');
/** Core Duo (Yonah), version 1 (libcpuid yonah.test basic_cpuid[10]). */
const YONAH = leaf('0x07280201', '0', '0', '0');
/** A nested host whose VMM lists fixed counters 0 and 2 in ECX (a sparse mask), EDX 3. */
const SPARSE = [...leaf('0x08300805', '0', '0x5', '0x8603'), '--hypervisor', 'true'];
/** A nested host whose VMM lists only fixed counter 0 in ECX, EDX 3. */
const ONLY_FIXED0 = [...leaf('0x08300805', '0', '0x1', '0x8603'), '--hypervisor', 'true'];
/** Alder Lake P-core leaf (libcpuid alder-lake-s-i9.test) on a hybrid host (core type 0x40). */
const ADL_P = [...leaf('0x07300605', '0', '0x7', '0x8603'), '--core', '0x40000001'];
/** A v5 leaf with 16 GP counters (a VMM's, or a future part's). */
const GP16 = leaf('0x08301005', '0', '0xf', '0x8604');

describe('guest-leaf x86 on the LTS releases', () => {
  it.each([
    ['6.6', 'kvm-legacy-6.10'],
    ['6.1', 'kvm-legacy-5.14'],
    ['5.15', 'kvm-legacy-5.14'],
    ['5.10', 'kvm-legacy-5.10'],
  ])('--kernel %s answers with %s', async (kernel, consumer) => {
    // Ice Lake: version min(5, 2), 8 GP counters, three fixed counters of 48 bits.
    const ice = await json(['guest-leaf', 'x86', ...ICELAKE, '--kernel', kernel]);
    expect(ice['consumer']).toBe(consumer);
    expect([ice['guest_eax'], ice['guest_ebx'], ice['guest_ecx'], ice['guest_edx']]).toEqual([
      '0x8300802',
      '0x0',
      '0x0',
      '0x8603',
    ]);
    // v2, EDX[4:0] = 0: perf assumes three fixed counters on bare metal (every release).
    const v2 = await json(['guest-leaf', 'x86', ...V2, '--kernel', kernel]);
    expect([v2['guest_eax'], v2['guest_edx']]).toEqual(['0x7280202', '0x8503']);
    // Version 1: no fixed counter, EDX[12:5] the GP width all the same.
    const v1 = await json(['guest-leaf', 'x86', ...YONAH, '--kernel', kernel]);
    expect([v1['guest_eax'], v1['guest_edx']]).toEqual(['0x7280201', '0x8500']);
  });
});

describe('guest-leaf x86 at each release boundary', () => {
  it.each([
    // v6.11: popcount(0b101) = 2 from v6.11, fls(0b101) = 3 before.
    ['sparse ECX 0b101', SPARSE, '6.10', 'kvm-legacy-6.10', 'guest_edx', '0x8603'],
    ['sparse ECX 0b101', SPARSE, '6.11', 'kvm-legacy-6.11', 'guest_edx', '0x8602'],
    // v6.3: KVM caps the GP count at 8 from v6.3.
    ['16 GP counters', GP16, '6.2', 'kvm-legacy-6.2', 'guest_eax', '0x8301002'],
    ['16 GP counters', GP16, '6.3', 'kvm-legacy-6.10', 'guest_eax', '0x8300802'],
    // v6.2: no vPMU on a hybrid host from v6.2; the P-core leaf's before.
    ['an Alder Lake host', ADL_P, '6.1', 'kvm-legacy-5.14', 'guest_eax', '0x7300602'],
    ['an Alder Lake host', ADL_P, '6.2', 'kvm-legacy-6.2', 'guest_eax', '0x0'],
    // v5.14: with no PMU (leaf 0xA all zero, as on AMD) EDX is 0x8000 before v5.14.
    ['no PMU', leaf('0', '0', '0', '0'), '5.13', 'kvm-legacy-5.12', 'guest_edx', '0x8000'],
    ['no PMU', leaf('0', '0', '0', '0'), '5.14', 'kvm-legacy-5.14', 'guest_edx', '0x0'],
    // v5.12: perf counts ECX's fls (1) from v5.12, EDX's 3 before.
    ['ECX 0b1, EDX 3', ONLY_FIXED0, '5.11', 'kvm-legacy-5.10', 'guest_edx', '0x8603'],
    ['ECX 0b1, EDX 3', ONLY_FIXED0, '5.12', 'kvm-legacy-5.12', 'guest_edx', '0x8601'],
  ])('%s, --kernel %s: %s offers %s = %s', async (_name, host, kernel, consumer, reg, value) => {
    const j = await json(['guest-leaf', 'x86', ...host, '--kernel', kernel]);
    expect(j['consumer']).toBe(consumer);
    expect(j[reg]).toBe(value);
  });

  it('an Alder Lake host on v6.1 gets the whole P-core leaf (EDX too)', async () => {
    const j = await json(['guest-leaf', 'x86', ...ADL_P, '--kernel', '6.1']);
    expect(j['guest_edx']).toBe('0x8603');
  });

  // Leaf 0xA alone cannot tell a hybrid host; that matters only from v6.2,
  // so only from there does a raw leaf draw the warning.
  it.each([
    ['6.1', false],
    ['6.2', true],
  ])('a raw leaf on --kernel %s warns of an unknown hybrid host: %s', async (kernel, warns) => {
    const r = await cli(['guest-leaf', 'x86', ...ICELAKE, '--kernel', kernel]);
    expect(r.status).toBe(0);
    expect(r.stdout.includes('assumes a non-hybrid host')).toBe(warns);
  });
});

describe('fixed-map x86 at each release boundary', () => {
  const attr = (j: Record<string, unknown>): unknown => j['attr'];

  it.each([
    // v6.0: PERF_TYPE_HARDWARE (0) with the PERF_COUNT_HW_* id before, PERF_TYPE_RAW (4) from it.
    ['0', '5.19', 'kvm-legacy-5.12', 0, '0x1'],
    ['0', '6.0', 'kvm-legacy-6.0', 4, '0xc0'],
    ['1', '5.19', 'kvm-legacy-5.12', 0, '0x0'],
    ['2', '5.19', 'kvm-legacy-5.12', 0, '0x9'],
    ['2', '6.0', 'kvm-legacy-6.0', 4, '0x300'],
  ])(
    'Ice Lake fixed counter %s, --kernel %s: %s opens type %s config %s',
    async (counter, kernel, consumer, type, config) => {
      const j = await json([
        'fixed-map',
        'x86',
        ...ICELAKE,
        '--counter',
        counter,
        '--kernel',
        kernel,
      ]);
      expect(j['consumer']).toBe(consumer);
      expect(attr(j)).toMatchObject({ type, config, pinned: true, exclude_host: true });
    },
  );

  it('pre-v6.0 answers name the generic event', async () => {
    const j = await json(['fixed-map', 'x86', ...ICELAKE, '--counter', '2', '--kernel', '5.10']);
    expect(j['consumer']).toBe('kvm-legacy-5.10');
    expect(j['perf_event']).toBe('perf.HARDWARE.REF_CPU_CYCLES');
  });

  it.each([
    // v6.2: a hybrid host's fixed counter 0 is backed before v6.2, refused from it.
    ['an Alder Lake host', ADL_P, '0', '6.1', 'kvm-legacy-6.0', null],
    ['an Alder Lake host', ADL_P, '0', '6.2', 'kvm-legacy-6.10', 'HYBRID_HOST'],
    // v6.11: fls(0b101) = 3 offers counter 2 before v6.11; popcount 2 leaves it out after.
    ['sparse ECX 0b101', SPARSE, '2', '6.10', 'kvm-legacy-6.10', null],
    ['sparse ECX 0b101', SPARSE, '2', '6.11', 'kvm-legacy-6.11', 'NOT_CONTIGUOUS'],
    // v5.12: perf has counters 0..2 from EDX before v5.12; from it ECX lacks counter 1.
    ['sparse ECX 0b101', SPARSE, '1', '5.11', 'kvm-legacy-5.10', null],
    ['sparse ECX 0b101', SPARSE, '1', '5.12', 'kvm-legacy-5.12', 'HOST_LACKS_COUNTER'],
  ])(
    '%s, counter %s, --kernel %s: %s refuses %s',
    async (_n, host, counter, kernel, consumer, code) => {
      const j = await json(['fixed-map', 'x86', ...host, '--counter', counter, '--kernel', kernel]);
      expect(j['consumer']).toBe(consumer);
      if (code === null) expect(j['outcome']).toBe('perf');
      else expect(j['reason']).toMatchObject({ code });
    },
  );

  it('refuses a release before v5.10, listing the modelled ranges', async () => {
    const r = await cli(['fixed-map', 'x86', ...ICELAKE, '--counter', '0', '--kernel', '5.4']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'pmumap: --kernel 5.4: no consumer of kvm_fixed_counter models it (kvm-legacy mainline v6.16 and later; kvm-legacy-6.11 mainline v6.11–v6.15; kvm-legacy-6.10 mainline v6.2–v6.10; kvm-legacy-6.0 mainline v6.0–v6.1; kvm-legacy-5.12 mainline v5.12–v5.19; kvm-legacy-5.10 mainline v5.10–v5.11)\n',
    );
  });
});

describe('fixed x86 --mode kvm follows the same boundaries', () => {
  // readers.pmumap: the guest's fixed counters, as KVM_GET_SUPPORTED_CPUID's EDX[4:0] counts them.
  it.each([
    // v6.2: a hybrid host's guest gets counters 0..2 before v6.2, none from it.
    ['an Alder Lake host', ADL_P, '6.1', 'kvm-legacy-5.12', '0x7'],
    ['an Alder Lake host', ADL_P, '6.2', 'kvm-legacy-6.10', '0x0'],
    // v5.12: ECX 0b1 gives one counter from v5.12; EDX's three before.
    ['ECX 0b1, EDX 3', ONLY_FIXED0, '5.11', 'kvm-legacy-5.10', '0x7'],
    ['ECX 0b1, EDX 3', ONLY_FIXED0, '5.12', 'kvm-legacy-5.12', '0x1'],
  ])('%s, --kernel %s: %s offers %s', async (_name, host, kernel, consumer, fixed) => {
    const j = await json(['fixed', 'x86', ...host, '--mode', 'kvm', '--kernel', kernel]);
    expect(j['consumer']).toBe(consumer);
    expect(j['fixed']).toBe(fixed);
  });

  it('refuses a release before v5.10', async () => {
    const r = await cli(['fixed', 'x86', ...ICELAKE, '--mode', 'kvm', '--kernel', '5.9']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^pmumap: --kernel 5\.9: no consumer of fixed_counters models it \(.*kvm-legacy-5\.10 mainline v5\.10–v5\.11\)\n$/,
    );
  });
});

describe('cpu x86 --kernel: the KVM guest slot follows the same boundaries', () => {
  // cpu.pmumap intel_cpu_kvm: the v6.2 hybrid boundary on a real hybrid dump.
  const ALDER_LAKE = join(ROOT, 'test/fixtures/cpuid/alderlake-i9-12900K-hybrid.txt');

  it.each([
    ['6.1', 'kvm-legacy-5.14', '0x7300602'],
    ['6.2', 'kvm-legacy-6.2', '0x0'],
  ])('Alder Lake i9-12900K --kernel %s: %s offers EAX %s', async (kernel, consumer, eax) => {
    const r = await cli(['cpu', 'x86', '--dump', ALDER_LAKE, '--kernel', kernel, '--json']);
    expect(r.status).toBe(0);
    type Guest = { leaves: Record<string, Record<string, string>> };
    const answers = (JSON.parse(r.stdout) as { answers: { kvmGuest: Record<string, Guest> }[] })
      .answers;
    // Answers whose CPU the dump does not identify have no guest slot.
    const guests = answers.filter((a) => Object.keys(a.kvmGuest ?? {}).length > 0);
    expect(guests.length).toBeGreaterThan(0);
    for (const a of guests) {
      expect(Object.keys(a.kvmGuest)).toEqual([consumer]);
      expect(a.kvmGuest[consumer]!.leaves['0xa']!['eax']).toBe(eax);
    }
  });
});
