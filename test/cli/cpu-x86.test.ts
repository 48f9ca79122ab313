/**
 * `pmumap cpu x86` (issue 17 items 2, 4 and 5): a whole CPU from a real
 * dump or raw values. Every expected value is written from the kernel
 * lines quoted beside it, never from pmumap's output.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const LYNNFIELD = 'test/fixtures/cpuid/nehalem-lynnfield-i7-860-libcpuid.txt';
const BLOOMFIELD = 'test/fixtures/cpuid/nehalem-bloomfield-i7-920-libcpuid.txt';
const METEOR_LAKE = 'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt';

interface Answer {
  cpus: string[];
  vendor: string;
  family: number;
  model: number;
  stepping: number;
  perf: {
    pmu: string | null;
    gpCounters: number | null;
    fixedCounters: number[] | null;
    generic: Record<string, string | null>;
    genericWhy: Record<string, { code: string }>;
    why: { code: string } | null;
  };
  kvmGuest: Record<
    string,
    {
      leaves: Record<string, Record<string, string>>;
      gpCounters: number | null;
      fixedCounters: number[] | null;
      why: { code: string } | null;
    }
  >;
  warnings: { message: string }[];
}

async function dumpAnswers(path: string, ...more: string[]): Promise<Answer[]> {
  const r = await cli(['cpu', 'x86', '--dump', path, '--json', ...more]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { answers: Answer[] }).answers;
}

describe('pmumap cpu x86 on Nehalem (AAJ80, STALLED_CYCLES_*)', () => {
  it('Lynnfield (06_1EH, EBX 0x44): branch-misses is BR_MISP_EXEC.ANY and the guest EBX loses bit 6', async () => {
    const [a, ...rest] = await dumpAnswers(LYNNFIELD);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ vendor: 'GenuineIntel', family: 6, model: 0x1e, stepping: 5 });
    // intel_pmu_init: version 3, EDX[4:0] = 3 on bare metal, four GP counters.
    expect(a!.perf).toMatchObject({ pmu: 'cpu', gpCounters: 4, fixedCounters: [0, 1, 2] });
    // intel_nehalem_quirk: "intel_perfmon_event_map[PERF_COUNT_HW_BRANCH_MISSES] = 0x7f89;"
    expect(a!.perf.generic['branch-misses']).toBe('0x7f89');
    // EBX bit 2 (bus cycles) stays set: intel_arch_events_quirk zeroes its entry
    // ("CPUID marked event: 'bus cycles' unavailable" in Lynnfield boot logs).
    expect(a!.perf.generic['bus-cycles']).toBeNull();
    expect(a!.perf.genericWhy['bus-cycles']?.code).toBe('EVENT_UNAVAILABLE');
    // X86_CONFIG(.event=0x0e, .umask=0x01, .inv=1, .cmask=1) and (.event=0xb1, .umask=0x3f, .inv=1, .cmask=1)
    expect(a!.perf.generic['stalled-cycles-frontend']).toBe('0x180010e');
    expect(a!.perf.generic['stalled-cycles-backend']).toBe('0x1803fb1');
    // "ebx.split.no_branch_misses_retired = 0; x86_pmu.events_maskl = ebx.full;" and
    // cpuid.c case 0xa: "entry->ebx = kvm_pmu_cap.events_mask;" -> 0x44 & ~0x40.
    const legacy = a!.kvmGuest['kvm-legacy']!;
    expect(legacy.leaves['0xa']).toEqual({
      eax: '0x7300402',
      ebx: '0x4',
      ecx: '0x0',
      edx: '0x8603',
    });
    expect(legacy.why).toBeNull();
  });

  it('Bloomfield (06_1AH, EBX 0x40): the guest gets EBX 0 and bus-cycles is 0x013c', async () => {
    const [a] = await dumpAnswers(BLOOMFIELD);
    expect(a).toMatchObject({ family: 6, model: 0x1a, stepping: 4 });
    expect(a!.perf.generic['branch-misses']).toBe('0x7f89');
    // intel_perfmon_event_map: [PERF_COUNT_HW_BUS_CYCLES] = 0x013c, not removed (EBX bit 2 clear).
    expect(a!.perf.generic['bus-cycles']).toBe('0x13c');
    expect(a!.kvmGuest['kvm-legacy']!.leaves['0xa']!['ebx']).toBe('0x0');
  });

  it('raw values give the dump answer', async () => {
    const [dump] = await dumpAnswers(LYNNFIELD);
    const r = await cli([
      'cpu',
      'x86',
      '--vendor',
      'GenuineIntel',
      '--family',
      '6',
      '--model',
      '0x1e',
      '--stepping',
      '5',
      '--leaf',
      '0xa=0x07300403,0x44,0,0x603',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const raw = JSON.parse(r.stdout) as Answer;
    expect(raw.perf).toEqual(dump!.perf);
    expect(raw.kvmGuest).toEqual(dump!.kvmGuest);
    expect(raw).toMatchObject({ vendor: 'GenuineIntel', family: 6, model: 0x1e, stepping: 5 });
  });
});

describe('pmumap cpu x86 on hybrid parts', () => {
  it('Meteor Lake: cpu_core with leaf 0x23 fixed counter 3, cpu_atom, and no vPMU', async () => {
    const answers = await dumpAnswers(METEOR_LAKE);
    const core = answers.find((a) => a.perf.pmu === 'cpu_core');
    const atom = answers.find((a) => a.perf.pmu === 'cpu_atom');
    // update_pmu_cap: "hybrid(pmu, fixed_cntr_mask64) = fixed_cntr;" (CPUID.(0x23,1).EBX 0xF on the P-core).
    expect(core?.perf.fixedCounters).toEqual([0, 1, 2, 3]);
    expect(atom?.perf.fixedCounters).toEqual([0, 1, 2]);
    // kvm_init_pmu_capability: hybrid hosts get no vPMU.
    for (const a of answers) expect(a.kvmGuest['kvm-legacy']!.why?.code).toBe('HYBRID_HOST');
    // Linux 6.2 read no leaf 0x23 and had no Meteor Lake case (38aaf921e92d, v6.3): the
    // default: branch's one `cpu` PMU with leaf 0xA's three fixed counters.
    const old = await dumpAnswers(METEOR_LAKE, '--kernel', '6.2');
    expect(old.every((a) => a.perf.pmu === 'cpu')).toBe(true);
    expect(old.find((a) => a.perf.pmu === 'cpu')?.perf.fixedCounters).toEqual([0, 1, 2]);
  });

  it('Alder Lake: cpu_core widens leaf 0xA to 8 GP and 4 fixed counters, cpu_atom does not', async () => {
    // The leaves of an i9-12900K (test/fixtures/cpuid/alderlake-i9-12900K-hybrid.txt: 0xA
    // 07300605-00000000-00000007-00008603, 0x1A 40000001 on P-cores, 20000001 on E-cores)
    // with CPUID.(7,0):EDX bit 15, X86_FEATURE_HYBRID_CPU, which the excerpt does not carry.
    const core = async (type: string) =>
      (
        JSON.parse(
          (
            await cli([
              'cpu',
              'x86',
              '--vendor',
              'GenuineIntel',
              '--family',
              '6',
              '--model',
              '0x97',
              '--stepping',
              '2',
              '--leaf',
              '0xa=0x07300605,0,0x7,0x8603',
              '--leaf',
              '0x7=0,0,0,0x8000',
              '--leaf',
              `0x1a=${type},0,0,0`,
              '--json',
            ])
          ).stdout,
        ) as Answer
      ).perf;
    // intel_pmu_init ALDERLAKE: "pmu->cntr_mask64 <<= 2; pmu->cntr_mask64 |= 0x3;
    // pmu->fixed_cntr_mask64 <<= 1; pmu->fixed_cntr_mask64 |= 0x1;" for the big core only.
    expect(await core('0x40000001')).toMatchObject({
      pmu: 'cpu_core',
      gpCounters: 8,
      fixedCounters: [0, 1, 2, 3],
    });
    expect(await core('0x20000001')).toMatchObject({
      pmu: 'cpu_atom',
      gpCounters: 6,
      fixedCounters: [0, 1, 2],
    });
  });
});

describe('pmumap cpu x86 by kernel generation', () => {
  const spr = ['--vendor', 'GenuineIntel', '--family', '6', '--model', '0x8f', '--stepping', '8'];
  it('Sapphire Rapids ref-cycles: 0x013c from v6.7, the fixed-counter pseudo-encoding before', async () => {
    const leaf = ['--leaf', '0xa=0x08300805,0,0xf,0x8604', '--json'];
    const run = async (kernel: string) =>
      (
        JSON.parse(
          (await cli(['cpu', 'x86', ...spr, ...leaf, '--kernel', kernel])).stdout,
        ) as Answer
      ).perf.generic['ref-cycles'];
    // intel_pmu_ref_cycles_ext (ffbe4ab0beda, tip perf/core 2023-09-12):
    // "intel_perfmon_event_map[PERF_COUNT_HW_REF_CPU_CYCLES] = 0x013c;"
    expect(await run('6.7')).toBe('0x13c');
    expect(await run('6.6')).toBe('0x300');
  });

  it('a non-hybrid CPU with leaf 0x23: read from v6.16 (25c623f41438), not in v6.15', async () => {
    const args = [
      ...spr,
      '--leaf',
      '0xa=0x08300805,0,0x77,0x8603',
      '--leaf',
      '0x23=0x3,0,0,0',
      '--leaf',
      '0x23.1=0xff,0x7,0,0',
      '--json',
    ];
    const fixed = async (kernel: string) =>
      (JSON.parse((await cli(['cpu', 'x86', ...args, '--kernel', kernel])).stdout) as Answer).perf
        .fixedCounters;
    // "if (!is_hybrid() && boot_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT)) update_pmu_cap(NULL);"
    expect(await fixed('6.16')).toEqual([0, 1, 2]);
    expect(await fixed('6.15')).toEqual([0, 1, 2, 4, 5, 6]);
  });
});

describe('pmumap cpu x86 mistakes and the cpuid contract', () => {
  it('a vendor string of the wrong length is one line, exit 2', async () => {
    const r = await cli([
      'cpu',
      'x86',
      '--vendor',
      'Intel',
      '--family',
      '6',
      '--model',
      '1',
      '--stepping',
      '0',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--vendor: expected 12 printable ASCII characters/);
  });

  it('--dump with raw values is one line, exit 2', async () => {
    const r = await cli(['cpu', 'x86', '--dump', LYNNFIELD, '--family', '6']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/give --dump or raw values/);
  });

  it('a malformed --leaf is one line, exit 2', async () => {
    const r = await cli([
      'cpu',
      'x86',
      '--vendor',
      'GenuineIntel',
      '--family',
      '6',
      '--model',
      '1',
      '--stepping',
      '0',
      '--leaf',
      '0xa=1,2,3',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--leaf: 3 register value\(s\)/);
  });

  it('a leaf given twice by --leaf is one line, exit 2, not its last value kept', async () => {
    const base = ['cpu', 'x86', '--vendor', 'GenuineIntel', '--family', '6', '--model', '1'];
    const r = await cli([
      ...base,
      '--stepping',
      '0',
      '--leaf',
      '0xa=1,2,3,4',
      '--leaf',
      '0xa=5,6,7,8',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--leaf: .* is given more than once \('0xa=5,6,7,8'\)/);
  });

  it('cpuid 0xa leaves the whole-CPU readers to pmumap cpu, and its guest leaf knows AAJ80 from a dump', async () => {
    const r = await cli(['cpuid', '0xa', '--dump', LYNNFIELD, '--json']);
    const a = (JSON.parse(r.stdout) as { answers: { kvmGuest: Record<string, unknown> }[] })
      .answers[0];
    // legacy_6_16: v6.16-v6.19, the GP width in EDX[12:5] even without fixed counters (before
    // b456a6ba5756); mediated: the mainline v7.0 mediated vPMU; mediated_fc3: the PATCH-ONLY series;
    // legacy_6_10 .. legacy_5_10: the releases before v6.11 (tables/x86/kvm.pmumap).
    expect(Object.keys(a!.kvmGuest).sort()).toEqual([
      'legacy',
      'legacy_5_10',
      'legacy_5_12',
      'legacy_5_14',
      'legacy_6_10',
      'legacy_6_11',
      'legacy_6_16',
      'legacy_6_2',
      'mediated',
      'mediated_fc3',
    ]);
    // A dump carries CPUID.0 and CPUID.1, so the guest leaf follows intel_nehalem_quirk too:
    // "x86_pmu.events_maskl = ebx.full;" -> "entry->ebx = kvm_pmu_cap.events_mask;" = 0x44 & ~0x40.
    expect((a!.kvmGuest['legacy'] as Record<string, string>)['ebx']).toBe('0x4');
  });
});
