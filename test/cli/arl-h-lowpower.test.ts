/**
 * Arrow Lake-H's third core PMU, cpu_lowpower (issue 17). Every expected
 * value is written from the kernel lines quoted beside it, never from
 * pmumap's output. Source: ColinIanKing/linux-next@2bab8c4655ca
 * arch/x86/events/intel/core.c, with the two commits that brought it, both
 * in the "Performance events changes for v6.13" pull (perf-core-2024-11-18):
 * 9f4a39757c81 "perf/x86/intel: Support hybrid PMU with multiple atom
 * uarchs" and d3fe6f0a4372 "perf/x86/intel: Add PMU support for ArrowLake-H".
 *
 * No public CPUID dump of an Arrow Lake-H part was found (InstLatx64,
 * libcpuid's tests and the code and pages corpora were searched), so the
 * CPUs are raw leaves: family 6 model 0xC5 (intel-family.h INTEL_ARROWLAKE_H),
 * leaf 0xA as Meteor Lake's (07300805 0 7 8603), CPUID.(7,0):EDX bit 15
 * (hybrid), leaf 0x1A core type and native model id from intel-family.h's
 * enum intel_native_id, and leaf 0x23 sub-leaf 0 of the E-cores as quoted in
 * Kan Liang's mail of 2024-06-21 (test/fixtures/cpuid-partial/
 * arrowlake-h-leaf23-lkml-2024.txt: "CPU 11" 0xf/0x3/0x8, "CPU 12"
 * 0xb/0/0x6). Sub-leaf 1 (the counter bitmaps) is not quoted anywhere: the
 * values here are chosen to tell the PMUs apart, and the expected counters
 * follow from update_pmu_cap whatever they are.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface Perf {
  pmu: string | null;
  gpCounters: number | null;
  fixedCounters: number[] | null;
  why: { code: string } | null;
  consumer: string;
}
interface Answer {
  cpus: string[];
  model: number;
  perf: Perf;
}

const ARL_H = [
  '--vendor',
  'GenuineIntel',
  '--family',
  '6',
  '--model',
  '0xc5',
  '--stepping',
  '0',
  '--leaf',
  '7=0,0,0,0x8000',
  '--leaf',
  '0xa=0x07300805,0,0x7,0x8603',
];

/** Leaf 0x1A EAX: core type in bits 31:24, native model id in 23:0. */
const LION_COVE = '0x40000000'; // INTEL_CPU_TYPE_CORE; the P-core's native id is not read
const SKYMONT = '0x20000003'; // INTEL_CPU_TYPE_ATOM, INTEL_ATOM_SKT_NATIVE_ID = 0x3
const CRESTMONT = '0x20000002'; // INTEL_CPU_TYPE_ATOM, INTEL_ATOM_CMT_NATIVE_ID = 0x2

async function perfOf(core: string, ...more: string[]): Promise<Perf> {
  const r = await cli(['cpu', 'x86', ...ARL_H, '--leaf', `0x1a=${core},0,0,0`, ...more, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as Answer).perf;
}

describe('Arrow Lake-H: find_hybrid_pmu_for_cpu picks one of three PMUs', () => {
  // intel_hybrid_pmu_type_map:
  //   { hybrid_small, "cpu_atom" }, { hybrid_big, "cpu_core" }, { hybrid_tiny, "cpu_lowpower" },
  // intel_pmu_init, case INTEL_ARROWLAKE_H: intel_pmu_init_hybrid(hybrid_big_small_tiny);
  it('a core of type 0x40 is cpu_core', async () => {
    // if (cpu_type == INTEL_CPU_TYPE_CORE && pmu_type == hybrid_big)
    expect((await perfOf(LION_COVE)).pmu).toBe('cpu_core');
  });

  it('an Atom core of native model id 3 (Skymont) is cpu_atom', async () => {
    // if (native_id == INTEL_ATOM_SKT_NATIVE_ID && pmu_type == hybrid_small)
    expect((await perfOf(SKYMONT)).pmu).toBe('cpu_atom');
  });

  it('an Atom core of native model id 2 (Crestmont) is cpu_lowpower', async () => {
    // if (native_id == INTEL_ATOM_CMT_NATIVE_ID && pmu_type == hybrid_tiny)
    expect((await perfOf(CRESTMONT)).pmu).toBe('cpu_lowpower');
  });

  it('an Atom core of another native model id gets no PMU', async () => {
    // find_hybrid_pmu_for_cpu returns NULL; init_hybrid_pmu:
    //   if (WARN_ON_ONCE(!pmu || (pmu->pmu.type == -1))) { cpuc->pmu = NULL; return false; }
    const perf = await perfOf('0x20000004');
    expect(perf.pmu).toBeNull();
    expect(perf.why?.code).toBe('NO_HYBRID_PMU');
  });

  it('a CPU without a core type gets no PMU: the ARROWLAKE_H case sets no get_hybrid_cpu_type', async () => {
    // if (cpu_type == INTEL_CPU_TYPE_UNKNOWN) { if (x86_pmu.get_hybrid_cpu_type) cpu_type =
    //   x86_pmu.get_hybrid_cpu_type(); else return NULL; }  (only the ADL case sets the fixup)
    const perf = await perfOf('0x00000000');
    expect(perf.pmu).toBeNull();
    expect(perf.why?.code).toBe('NO_HYBRID_PMU');
  });

  it('each PMU takes its counters from leaf 0x23 sub-leaf 1 of its own CPUs', async () => {
    // init_hybrid_pmu: if (this_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT)) update_pmu_cap(pmu);
    // update_pmu_cap: if (eax.split.cntr_subleaf) { cpuid_count(ARCH_PERFMON_EXT_LEAF,
    //   ARCH_PERFMON_NUM_COUNTER_LEAF, &cntr, &fixed_cntr, ...); pmu->cntr_mask64 = cntr;
    //   pmu->fixed_cntr_mask64 = fixed_cntr; }
    // Sub-leaf 0 of "CPU 11" (0xf: cntr_subleaf set); sub-leaf 1 0x3f GP and 0x77 fixed.
    const skymont = await perfOf(
      SKYMONT,
      '--leaf',
      '0x23=0xf,0x3,0x8,0',
      '--leaf',
      '0x23.1=0x3f,0x77,0,0',
    );
    expect(skymont).toMatchObject({
      pmu: 'cpu_atom',
      gpCounters: 6,
      fixedCounters: [0, 1, 2, 4, 5, 6],
    });
    // Sub-leaf 0 of "CPU 12" (0xb: cntr_subleaf set); sub-leaf 1 0xff GP and 0x7 fixed.
    const crestmont = await perfOf(
      CRESTMONT,
      '--leaf',
      '0x23=0xb,0,0x6,0',
      '--leaf',
      '0x23.1=0xff,0x7,0,0',
    );
    expect(crestmont).toMatchObject({
      pmu: 'cpu_lowpower',
      gpCounters: 8,
      fixedCounters: [0, 1, 2],
    });
  });
});

describe('Arrow Lake-H by kernel release', () => {
  it('v6.13 to v6.15 have cpu_lowpower', async () => {
    // v6.15 is its own consumer since Panther Lake's case arrived then (7950de14ff5f).
    for (const [kernel, consumer] of [
      ['6.13', 'linux-perf-6.13'],
      ['6.15', 'linux-perf-6.15'],
    ] as const) {
      const perf = await perfOf(CRESTMONT, '--kernel', kernel);
      expect(perf.pmu).toBe('cpu_lowpower');
      expect(perf.consumer).toBe(consumer);
    }
  });

  it('before v6.13 the model runs in the default: branch as one non-hybrid cpu PMU', async () => {
    // d3fe6f0a4372 adds "case INTEL_ARROWLAKE_H:" just before "default:"; without it
    // intel_pmu_init never calls intel_pmu_init_hybrid, so perf registers "cpu" with
    // leaf 0xA's counters (EDX[4:0] = 3 fixed, EAX[15:8] = 8 GP) on every core type.
    for (const [kernel, consumer] of [
      ['6.12', 'linux-perf-6.11'],
      ['6.10', 'linux-perf-6.7'],
    ] as const) {
      for (const core of [LION_COVE, SKYMONT, CRESTMONT]) {
        const perf = await perfOf(
          core,
          '--leaf',
          '0x23=0xb,0,0x6,0',
          '--leaf',
          '0x23.1=0x3f,0xf,0,0',
          '--kernel',
          kernel,
        );
        expect(perf).toMatchObject({
          pmu: 'cpu',
          gpCounters: 8,
          fixedCounters: [0, 1, 2],
          consumer,
        });
      }
    }
  });
});

describe('Arrow Lake-H ref-cycles by kernel release', () => {
  async function refCycles(...more: string[]): Promise<string | null | undefined> {
    const r = await cli([
      'cpu',
      'x86',
      ...ARL_H,
      '--leaf',
      `0x1a=${CRESTMONT},0,0,0`,
      ...more,
      '--json',
    ]);
    expect(r.status).toBe(0);
    return (JSON.parse(r.stdout) as { perf: { generic: Record<string, string | null> } }).perf
      .generic['ref-cycles'];
  }

  it('is CPU_CLK_UNHALTED.REF_TSC_P (0x013c) from v6.13 and the fixed-counter pseudo-encoding 0x0300 before', async () => {
    // The ARROWLAKE_H case calls intel_pmu_init_lnc/skt/grt, each ending in intel_pmu_ref_cycles_ext:
    //   if (!(x86_pmu.events_maskl & (INTEL_PMC_MSK_FIXED_REF_CYCLES >> INTEL_PMC_IDX_FIXED)))
    //           intel_perfmon_event_map[PERF_COUNT_HW_REF_CPU_CYCLES] = 0x013c;
    // (leaf 0xA EBX is 0 here, so bit 2 is clear). The default: branch of v6.12 calls none of them:
    //   [PERF_COUNT_HW_REF_CPU_CYCLES] = 0x0300, /* pseudo-encoding */
    expect(await refCycles()).toBe('0x13c');
    expect(await refCycles('--kernel', '6.13')).toBe('0x13c');
    expect(await refCycles('--kernel', '6.12')).toBe('0x300');
  });
});

describe('two hybrid PMUs: a Crestmont core stays cpu_atom', () => {
  it("Meteor Lake's LP E-core (CPU #20, 0x1A = 20000002) is cpu_atom", async () => {
    // if (x86_pmu.num_hybrid_pmus == 2 && pmu_type == hybrid_small) return &x86_pmu.hybrid_pmu[i];
    const r = await cli([
      'cpu',
      'x86',
      '--dump',
      'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const answers = (JSON.parse(r.stdout) as { answers: Answer[] }).answers;
    const lp = answers.find((a) => a.cpus.includes('CPU 20'));
    expect(lp?.perf.pmu).toBe('cpu_atom');
    expect(answers.map((a) => a.perf.pmu).sort()).toEqual(['cpu_atom', 'cpu_core']);
  });
});

/**
 * A dump in the AIDA64 format of test/fixtures/cpuid/ built from the raw
 * values above (not a real machine's: it is written here, not kept as a
 * fixture): CPU 0 a P-core, CPU 6 a Skymont E-core, CPUs 14 and 15 Crestmont
 * LP E-cores (leaf 1 EBX differs only in the APIC id).
 */
function arlDump(): string {
  const cpu = (n: number, apic: string, core: string, sl0: string, sl1: string) =>
    [
      `------[ CPUID Registers / Logical CPU #${n} ]------`,
      'CPUID 00000000: 00000023-756E6547-6C65746E-49656E69 [GenuineIntel]',
      `CPUID 00000001: 000C0650-${apic}800800-7FFAFBFF-BFEBFBFF`,
      'CPUID 00000007: 00000002-00000000-00000000-00008000 [SL 00]',
      'CPUID 0000000A: 07300805-00000000-00000007-00008603',
      `CPUID 0000001A: ${core}-00000000-00000000-00000000`,
      `CPUID 00000023: ${sl0}-00000000 [SL 00]`,
      `CPUID 00000023: ${sl1}-00000000-00000000 [SL 01]`,
    ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-arl-h-'));
  const path = join(dir, 'arl-h.txt');
  writeFileSync(
    path,
    [
      cpu(0, '00', '40000000', '0000000B-00000000-00000000', '000000FF-0000000F'),
      cpu(6, '06', '20000003', '0000000F-00000003-00000008', '0000003F-00000077'),
      cpu(14, '0E', '20000002', '0000000B-00000000-00000006', '000000FF-00000007'),
      cpu(15, '0F', '20000002', '0000000B-00000000-00000006', '000000FF-00000007'),
    ].join('\n') + '\n',
  );
  return path;
}

describe('pmumap cpu x86 --dump on an Arrow Lake-H dump', () => {
  it('groups the three kinds of CPU and names the PMU of each', async () => {
    const r = await cli(['cpu', 'x86', '--dump', arlDump(), '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const answers = (JSON.parse(r.stdout) as { answers: Answer[] }).answers;
    const byPmu = Object.fromEntries(answers.map((a) => [a.perf.pmu, a]));
    expect(answers).toHaveLength(3);
    // Every CPU is family 6 model 0xC5 (INTEL_ARROWLAKE_H).
    for (const a of answers) expect(a.model).toBe(0xc5);
    expect(byPmu['cpu_core']?.cpus).toEqual(['CPU 0']);
    expect(byPmu['cpu_atom']?.cpus).toEqual(['CPU 6']);
    // Two LP E-cores that differ only in the APIC id are one answer.
    expect(byPmu['cpu_lowpower']?.cpus).toEqual(['CPU 14', 'CPU 15']);
    // update_pmu_cap: the fixed counters are each core type's sub-leaf 1 EBX.
    expect(byPmu['cpu_core']?.perf.fixedCounters).toEqual([0, 1, 2, 3]);
    expect(byPmu['cpu_atom']?.perf).toMatchObject({
      gpCounters: 6,
      fixedCounters: [0, 1, 2, 4, 5, 6],
    });
    expect(byPmu['cpu_lowpower']?.perf).toMatchObject({ gpCounters: 8, fixedCounters: [0, 1, 2] });
  });
});

describe('pmumap host on an Arrow Lake-H sysfs tree', () => {
  it('recognises cpu_lowpower as a hybrid core PMU beside cpu_core and cpu_atom', async () => {
    const r = await cli(['host', '--sysfs', 'test/fixtures/sysfs/x86-arl-h', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      plan: string;
      pmus: { name: string; type: number; implementation: string | null; reason: string }[];
    };
    const why = Object.fromEntries(j.pmus.map((p) => [p.name, p.reason]));
    // kvm_init_pmu_capability: X86_FEATURE_HYBRID_CPU -> enable_pmu = false, for every core PMU.
    expect(why['cpu_core']).toBe('HYBRID_HOST');
    expect(why['cpu_atom']).toBe('HYBRID_HOST');
    expect(why['cpu_lowpower']).toBe('HYBRID_HOST');
    // The fixture's type file (README 6a); its host device is Intel's core.
    expect(j.pmus.find((p) => p.name === 'cpu_lowpower')).toMatchObject({
      type: 11,
      implementation: 'intel_core',
    });
    expect(j.plan).toBe('none');
  });
});
