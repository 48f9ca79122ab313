/**
 * Intel model-keyed behaviour holds only from the release whose
 * intel_pmu_init (arch/x86/events/intel/core.c) got the model's case; before
 * it the model runs `default:`, which registers one non-hybrid `cpu` PMU and
 * overrides nothing in intel_perfmon_event_map. Each boundary is checked just
 * before and at the release, with the commit and the pull (or shortlog) that
 * carried it; docs/sources/intel-model-cases.md has the mails. Expected values come
 * from the kernel lines quoted, never from pmumap's output.
 *
 * The CPUs are raw leaves: leaf 0xA of an i9-12900K
 * (test/fixtures/cpuid/alderlake-i9-12900K-hybrid.txt: 07300605 0 7 8603) for
 * ADL/RPL, of a Core Ultra 7 155H (meteorlake-ultra7-155H-hybrid.txt:
 * 07300805 0 7 8603) for MTL/LNL/ARL; CPUID.(7,0):EDX bit 15 (hybrid) and
 * leaf 0x1A core type 0x40 (INTEL_CPU_TYPE_CORE) unless a test says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface Perf {
  pmu: string | null;
  gpCounters: number | null;
  fixedCounters: number[] | null;
  why: { code: string } | null;
  consumer: string;
  generic?: Record<string, string>;
}

const ADL_LEAF_A = '0xa=0x07300605,0,0x7,0x8603';
const MTL_LEAF_A = '0xa=0x07300805,0,0x7,0x8603';
const HYBRID = '7=0,0,0,0x8000';
const CORE = '0x1a=0x40000001,0,0,0';

async function perfOf(model: string, kernel: string | null, ...leaves: string[]): Promise<Perf> {
  const args = ['cpu', 'x86', '--vendor', 'GenuineIntel', '--family', '6', '--model', model];
  for (const leaf of leaves) args.push('--leaf', leaf);
  if (kernel) args.push('--kernel', kernel);
  const r = await cli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { perf: Perf }).perf;
}

/** A hybrid P-core of the model at the release. */
const pCore = (model: string, kernel: string | null, leafA: string) =>
  perfOf(model, kernel, HYBRID, leafA, CORE);

describe('hybrid PMUs from the release of the model case', () => {
  it('Alder Lake (06_97): one cpu PMU in v5.12, cpu_core widened to 8 GP and 4 fixed from v5.13', async () => {
    // f83d2f91d259 "perf/x86/intel: Add Alder Lake Hybrid support", in Ingo Molnar's
    // "[GIT PULL] perf events updates for v5.13" (perf-core-2021-04-28). The case:
    //   if (cpu_feature_enabled(X86_FEATURE_HYBRID_CPU)) { pmu->cntr_mask64 <<= 2;
    //   pmu->cntr_mask64 |= 0x3; pmu->fixed_cntr_mask64 <<= 1; pmu->fixed_cntr_mask64 |= 0x1; }
    expect(await pCore('0x97', '5.12', ADL_LEAF_A)).toMatchObject({
      pmu: 'cpu',
      gpCounters: 6,
      fixedCounters: [0, 1, 2],
    });
    expect(await pCore('0x97', '5.13', ADL_LEAF_A)).toMatchObject({
      pmu: 'cpu_core',
      gpCounters: 8,
      fixedCounters: [0, 1, 2, 3],
    });
  });

  it('Raptor Lake (06_B7): cpu in v5.17, cpu_core from v5.18', async () => {
    // c61759e58157 "perf/x86: Add Intel Raptor Lake support", in the Linux 5.18-rc2 shortlog.
    expect((await pCore('0xb7', '5.17', ADL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xb7', '5.18', ADL_LEAF_A)).pmu).toBe('cpu_core');
  });

  it('Raptor Lake-P (06_BA): cpu in v5.18, cpu_core from v5.19', async () => {
    // c2a960f7c574 "perf/x86: Add new Alder Lake and Raptor Lake support": tip perf/core
    // 2022-05-11, after "Merge branch 'v5.18-rc5'", so the v5.19 merge window.
    expect((await pCore('0xba', '5.18', ADL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xba', '5.19', ADL_LEAF_A)).pmu).toBe('cpu_core');
  });

  it('Raptor Lake-S (06_BF): cpu in v6.0, cpu_core from v6.1', async () => {
    // 50b0c97bf00e "perf/x86: Add new Raptor Lake S support", in "[GIT PULL] perf event
    // updates for v6.1" (perf-core-2022-10-07): "Add Intel Raptor Lake S CPU support."
    expect((await pCore('0xbf', '6.0', ADL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xbf', '6.1', ADL_LEAF_A)).pmu).toBe('cpu_core');
  });

  it('Meteor Lake (06_AA): cpu in v6.2, cpu_core from v6.3', async () => {
    // 38aaf921e92d "perf/x86: Add Meteor Lake support" ("share the path with Alder Lake":
    // + case INTEL_FAM6_METEORLAKE: + case INTEL_FAM6_METEORLAKE_L:), in perf-core-2023-02-20
    // ("Update the x86 PMU driver for Intel Meteor Lake"), the v6.3 merge window.
    expect((await pCore('0xaa', '6.2', MTL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xaa', '6.3', MTL_LEAF_A)).pmu).toBe('cpu_core');
  });

  it('Lunar Lake (06_BD) and Arrow Lake (06_C6): cpu in v6.10, cpu_core from v6.11', async () => {
    // a932aa0e868f "perf/x86: Add Lunar Lake and Arrow Lake support":
    //   case INTEL_LUNARLAKE_M: case INTEL_ARROWLAKE: intel_pmu_init_hybrid(hybrid_big_small);
    // in "[GIT PULL] Performance events changes for v6.11" (perf-core-2024-07-16).
    for (const model of ['0xbd', '0xc6']) {
      expect((await pCore(model, '6.10', MTL_LEAF_A)).pmu).toBe('cpu');
      expect((await pCore(model, '6.11', MTL_LEAF_A)).pmu).toBe('cpu_core');
    }
  });

  it('Arrow Lake-U (06_B5): cpu in v6.12, cpu_core from v6.13', async () => {
    // 4e54ed496343 "perf/x86/intel: Add Arrow Lake U support" (case INTEL_METEORLAKE_L:
    // + case INTEL_ARROWLAKE_U:), in the Linux 6.13-rc3 shortlog.
    expect((await pCore('0xb5', '6.12', MTL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xb5', '6.13', MTL_LEAF_A)).pmu).toBe('cpu_core');
  });

  it('Panther Lake (06_CC): cpu in v6.14, cpu_core from v6.15', async () => {
    // 7950de14ff5f "perf/x86/intel: Add Panther Lake support": case INTEL_PANTHERLAKE_L: ...
    // goto lnl_common; (lnl_common: intel_pmu_init_hybrid(hybrid_big_small);), merged through
    // perf-urgent-2025-04-18 before Linux 6.15-rc3.
    expect((await pCore('0xcc', '6.14', MTL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xcc', '6.15', MTL_LEAF_A)).pmu).toBe('cpu_core');
  });

  it('Wildcat Lake (06_D5): cpu in v6.17, cpu_core from v6.18', async () => {
    // "perf/x86/intel: Add PMU support for WildcatLake" (case INTEL_PANTHERLAKE_L:
    // + case INTEL_WILDCATLAKE_L:), Ingo Molnar's perf-urgent-2025-11-01 pull.
    expect((await pCore('0xd5', '6.17', MTL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0xd5', '6.18', MTL_LEAF_A)).pmu).toBe('cpu_core');
  });
});

describe('ref-cycles on GP counters (0x013c) only with the model case', () => {
  // intel_pmu_ref_cycles_ext, called by intel_pmu_init_glc/_grt (ffbe4ab0beda, v6.7):
  //   if (!(x86_pmu.events_maskl & (INTEL_PMC_MSK_FIXED_REF_CYCLES >> INTEL_PMC_IDX_FIXED)))
  //           intel_perfmon_event_map[PERF_COUNT_HW_REF_CPU_CYCLES] = 0x013c;
  // The default: branch calls neither, so ref-cycles stays the 0x0300 pseudo-encoding.
  const ref = async (model: string, kernel: string) =>
    (await pCore(model, kernel, MTL_LEAF_A)).generic?.['ref-cycles'];

  it('Lunar Lake and Arrow Lake: 0x0300 in v6.10 (v6.7+ but no case), 0x013c from v6.11 (intel_pmu_init_lnc/_skt)', async () => {
    for (const model of ['0xbd', '0xc6']) {
      expect(await ref(model, '6.10')).toBe('0x300');
      expect(await ref(model, '6.11')).toBe('0x13c');
    }
  });

  it('Arrow Lake-U: 0x0300 in v6.12, 0x013c from v6.13 (the MTL case: intel_pmu_init_glc/_grt)', async () => {
    expect(await ref('0xb5', '6.12')).toBe('0x300');
    expect(await ref('0xb5', '6.13')).toBe('0x13c');
  });

  it('Panther Lake (06_CC): 0x0300 in v6.14, 0x013c from v6.15 (goto lnl_common: intel_pmu_init_lnc/_skt)', async () => {
    // 7950de14ff5f "perf/x86/intel: Add Panther Lake support" (+ case INTEL_PANTHERLAKE_L: ...
    // goto lnl_common;), merged through perf-urgent-2025-04-18 before Linux 6.15-rc3.
    expect(await ref('0xcc', '6.14')).toBe('0x300');
    expect(await ref('0xcc', '6.15')).toBe('0x13c');
  });

  it('Clearwater Forest (06_DD): 0x0300 in v6.15, 0x013c from v6.16 (intel_pmu_init_skt -> _grt)', async () => {
    // 48d66c89dce1 "perf/x86/intel: Add PMU support for Clearwater Forest":
    //   case INTEL_ATOM_DARKMONT_X: intel_pmu_init_skt(NULL);
    // tip perf/core 2025-04-17 with 25c623f41438, in mainline in the v6.16 merge window.
    expect(await ref('0xdd', '6.15')).toBe('0x300');
    expect(await ref('0xdd', '6.16')).toBe('0x13c');
  });

  it('Wildcat Lake (06_D5): 0x0300 in v6.17, 0x013c from v6.18 (the Panther Lake case)', async () => {
    // "perf/x86/intel: Add PMU support for WildcatLake" (case INTEL_PANTHERLAKE_L:
    // + case INTEL_WILDCATLAKE_L:), Ingo Molnar's perf-urgent-2025-11-01 pull.
    expect(await ref('0xd5', '6.17')).toBe('0x300');
    expect(await ref('0xd5', '6.18')).toBe('0x13c');
  });

  it('Meteor Lake had its case before v6.7: 0x0300 in v6.6, 0x013c in v6.7', async () => {
    // ffbe4ab0beda is in the v6.7 revlist with 299a5fc8e783 "perf/x86/intel: Apply the
    // common initialization code for ADL", whose case held METEORLAKE(_L) since v6.3.
    expect(await ref('0xaa', '6.6')).toBe('0x300');
    expect(await ref('0xaa', '6.7')).toBe('0x13c');
  });
});

describe('a CPU without a core type on a hybrid case', () => {
  // find_hybrid_pmu_for_cpu: if (cpu_type == INTEL_CPU_TYPE_UNKNOWN) {
  //   if (x86_pmu.get_hybrid_cpu_type) cpu_type = x86_pmu.get_hybrid_cpu_type(); else return NULL; }
  it('Alder Lake: cpu_core (adl_get_hybrid_cpu_type returns hybrid_big), leaf 0xA counters without the hybrid bit', async () => {
    // case INTEL_ALDERLAKE: x86_pmu.get_hybrid_cpu_type = adl_get_hybrid_cpu_type;
    // no X86_FEATURE_HYBRID_CPU: "pmu->cntr_mask64 = x86_pmu.cntr_mask64;" (no widening)
    expect(await perfOf('0x97', null, ADL_LEAF_A)).toMatchObject({
      pmu: 'cpu_core',
      gpCounters: 6,
      fixedCounters: [0, 1, 2],
    });
  });

  it('Lunar Lake: no PMU from v6.11 (its case sets no get_hybrid_cpu_type), the one cpu PMU in v6.10', async () => {
    const newest = await perfOf('0xbd', null, HYBRID, MTL_LEAF_A);
    expect(newest.pmu).toBeNull();
    expect(newest.why?.code).toBe('NO_HYBRID_PMU');
    expect((await perfOf('0xbd', '6.10', HYBRID, MTL_LEAF_A)).pmu).toBe('cpu');
  });
});

describe('models that ran in the ADL/RPL case before a case of their own', () => {
  // The ADL/RPL case sets "x86_pmu.get_hybrid_cpu_type = adl_get_hybrid_cpu_type;" (returns
  // hybrid_big: cpu_core for a CPU whose core type reads 0) and widens cpu_core when
  // X86_FEATURE_HYBRID_CPU is set: "pmu->num_counters = x86_pmu.num_counters + 2;
  // pmu->num_counters_fixed = x86_pmu.num_counters_fixed + 1;" (f83d2f91d259 and its June 2021 fix).
  it('Meteor Lake (06_AA, 06_AC) without a core type: cpu_core in v6.6 (the ADL case), no PMU from v6.7 (its own case)', async () => {
    // 97588df87b56 "perf/x86/intel: Add common intel_pmu_init_hybrid()" ("Splitting the ADL and
    // MTL initialization codes"): "-\tcase INTEL_FAM6_METEORLAKE:" from the ADL case, a new
    // "+\tcase INTEL_FAM6_METEORLAKE: ... intel_pmu_init_hybrid(hybrid_big_small);" with no
    // get_hybrid_cpu_type; in "[GIT PULL] perf events changes for v6.7" (perf-core-2023-10-28).
    // find_hybrid_pmu_for_cpu (b0560bfd4b70, same pull): "if (cpu_type == HYBRID_INTEL_NONE) {
    // if (x86_pmu.get_hybrid_cpu_type) ... else return NULL; }".
    for (const model of ['0xaa', '0xac']) {
      expect(await perfOf(model, '6.6', HYBRID, MTL_LEAF_A)).toMatchObject({
        pmu: 'cpu_core',
        consumer: 'linux-perf-6.3',
      });
      const own = await perfOf(model, '6.7', HYBRID, MTL_LEAF_A);
      expect(own.pmu).toBeNull();
      expect(own.why?.code).toBe('NO_HYBRID_PMU');
      expect(own.consumer).toBe('linux-perf-6.7');
    }
  });

  it('Meteor Lake P-core with a 6-GP leaf 0xA: widened to 8 GP and 4 fixed in v6.6, leaf 0xA counters from v6.7', async () => {
    // v6.6's ADL case still holds METEORLAKE(_L) (299a5fc8e783's context: "if
    // (is_mtl(boot_cpu_data.x86_model))" after the cpu_core widening); the v6.7 MTL case has
    // no widening. The leaf is Alder Lake's (6 GP, 3 fixed) so the widening is not undone
    // by the "more than 8 GP" quirk.
    expect(await pCore('0xaa', '6.6', ADL_LEAF_A)).toMatchObject({
      pmu: 'cpu_core',
      gpCounters: 8,
      fixedCounters: [0, 1, 2, 3],
    });
    expect(await pCore('0xaa', '6.7', ADL_LEAF_A)).toMatchObject({
      pmu: 'cpu_core',
      gpCounters: 6,
      fixedCounters: [0, 1, 2],
    });
  });

  it('Alder Lake-N (06_BE): cpu in v5.18, cpu_core for every CPU in v5.19, one cpu PMU from v6.0', async () => {
    // c2a960f7c574 "perf/x86: Add new Alder Lake and Raptor Lake support" (v5.19) put
    // "+\tcase INTEL_FAM6_ALDERLAKE_N:" in the ADL case. 24919fdea6f8 "perf/x86/intel: Fix
    // unchecked MSR access error for Alder Lake N" (tip perf/urgent 2022-09-01, Linux 6.0
    // shortlog): "The Alder Lake N only has e-cores. The X86_FEATURE_HYBRID_CPU flag is not
    // set. The perf cannot retrieve the correct CPU type via get_this_hybrid_cpu_type(). The
    // model specific get_hybrid_cpu_type() is hardcode to p-core." and "remove ALDERLAKE_N
    // from the rest of {ALDER,RAPTOP}LAKE and create a non-hybrid PMU setup". No hybrid bit,
    // so no widening either; leaf 0x1A's Atom type is not read (get_this_hybrid_cpu_type:
    // "if (!cpu_feature_enabled(X86_FEATURE_HYBRID_CPU)) return 0;"). No Alder Lake-N dump
    // is in the fixtures: leaf 0xA is the i9-12900K's, leaf 0x1A an Atom core type.
    const atom = '0x1a=0x20000001,0,0,0';
    expect((await perfOf('0xbe', '5.18', ADL_LEAF_A, atom)).pmu).toBe('cpu');
    expect(await perfOf('0xbe', '5.19', ADL_LEAF_A, atom)).toMatchObject({
      pmu: 'cpu_core',
      gpCounters: 6,
      fixedCounters: [0, 1, 2],
      consumer: 'linux-perf-5.19',
    });
    expect(await perfOf('0xbe', '6.0', ADL_LEAF_A, atom)).toMatchObject({
      pmu: 'cpu',
      consumer: 'linux-perf-6.0',
    });
  });

  it('Alder Lake-P (06_9A): cpu in v5.12, cpu_core from v5.13 (ALDERLAKE_L is in f83d2f91d259)', async () => {
    // f83d2f91d259 (tip perf/core 2021-04-19, perf-core-2021-04-28 for v5.13):
    //   +\tcase INTEL_FAM6_ALDERLAKE:
    //   +\tcase INTEL_FAM6_ALDERLAKE_L:
    expect((await pCore('0x9a', '5.12', ADL_LEAF_A)).pmu).toBe('cpu');
    expect((await pCore('0x9a', '5.13', ADL_LEAF_A)).pmu).toBe('cpu_core');
  });
});

describe('leaf 0x23 follows the model case, not the hybrid bit', () => {
  it('Lunar Lake with leaf 0x23: leaf 0xA fixed counters in v6.10 (no case: not hybrid), leaf 0x23 bitmap from v6.11', async () => {
    // v6.3-v6.15 call update_pmu_cap only from init_hybrid_pmu ("if
    // (this_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT)) update_pmu_cap(pmu);"), which runs only when
    // the model's case made perf hybrid (a932aa0e868f: LNL's case, v6.11). The leaf-only reader
    // (cpuid 0xa / fixed, tables/x86/readers.pmumap) cannot know the model and follows the bit.
    const leaf23 = ['0x23=0x3,0,0,0', '0x23.1=0xff,0xf,0,0'];
    expect((await pCore('0xbd', '6.10', MTL_LEAF_A)).fixedCounters).toEqual([0, 1, 2]);
    expect(
      (await perfOf('0xbd', '6.10', HYBRID, MTL_LEAF_A, CORE, ...leaf23)).fixedCounters,
    ).toEqual([0, 1, 2]);
    expect(
      (await perfOf('0xbd', '6.11', HYBRID, MTL_LEAF_A, CORE, ...leaf23)).fixedCounters,
    ).toEqual([0, 1, 2, 3]);
  });
});
