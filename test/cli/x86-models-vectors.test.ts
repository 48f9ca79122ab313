/**
 * The facts of ../shared/DOMAIN-X86-MODELS.md sections B (Intel per-model
 * quirks in intel_pmu_init) and C (leaf 0x23 history) as `pmumap cpu x86`
 * answers them, one test per fact, named after its section. The document has
 * no numbered vectors; each expected value is the document's, with the
 * kernel line that decides it quoted beside it (arch/x86/events/intel/core.c
 * as DOMAIN-X86-MODELS.md's X1/X2 trees and the patches it names).
 *
 * Not here: section D (arm64 PMCEID STALL_SLOT), which is not x86 (see
 * test/runtime/pmceid-stall-slot.test.ts); and 47a973fd7563 (the leaf 0x23
 * subleaf-1 test on bit 1 instead of bit 0, ≈ v6.14), which the tables note
 * as not modelled (tables/x86/readers.pmumap) because bare metal sets both.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface Answer {
  perf: {
    pmu: string | null;
    gpCounters: number | null;
    fixedCounters: number[] | null;
    generic: Record<string, string | null>;
  };
  kvmGuest: Record<string, { leaves: Record<string, Record<string, string>> }>;
}

const INTEL = 'GenuineIntel';

/** `pmumap cpu x86` on a family 6 Intel CPU from raw leaf 0xA (and more leaves). */
async function cpu(model: number, leafA: string, ...more: string[]): Promise<Answer> {
  const args = ['cpu', 'x86', '--vendor', INTEL, '--family', '6', '--model', `${model}`];
  const r = await cli([...args, '--stepping', '1', '--leaf', `0xa=${leafA}`, ...more, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Answer;
}

// Leaf 0xA values: version 3 with 4 GP and 3 fixed counters (Nehalem to Ivy
// Bridge), version 4 (Skylake), version 5 with 6 GP counters and the fixed
// bitmap in ECX (Gracemont).
const V3 = (ebx: string) => `0x07300403,${ebx},0,0x603`;
const V4 = '0x07300404,0,0,0x603';
const V5 = (ebx: string, ecx: string) => `0x07300605,${ebx},${ecx},0x8603`;

describe('DOMAIN-X86-MODELS.md B and C through pmumap cpu x86', () => {
  it('DOMAIN-X86-MODELS.md B.1: a model without overrides (Skylake 06_5E) uses intel_perfmon_event_map as is, STALLED_* unsupported', async () => {
    // intel_perfmon_event_map: 0x003c, 0x00c0, 0x4f2e, 0x412e, 0x00c4, 0x00c5, 0x013c,
    // REF_CPU_CYCLES 0x0300; the STALLED_CYCLES_* entries are 0 (-ENOENT).
    const a = await cpu(0x5e, V4);
    expect(a.perf.generic).toEqual({
      'cpu-cycles': '0x3c',
      instructions: '0xc0',
      'cache-references': '0x4f2e',
      'cache-misses': '0x412e',
      'branch-instructions': '0xc4',
      'branch-misses': '0xc5',
      'bus-cycles': '0x13c',
      'stalled-cycles-frontend': null,
      'stalled-cycles-backend': null,
      'ref-cycles': '0x300',
    });
  });

  it('DOMAIN-X86-MODELS.md B.1: intel_arch_events_quirk zeroes an event whose EBX bit is set (bit 2: bus-cycles)', async () => {
    // "for_each_set_bit(bit, x86_pmu.events_mask, ARRAY_SIZE(intel_arch_events_map))
    // ... intel_perfmon_event_map[intel_arch_events_map[bit].id] = 0;"
    const a = await cpu(0x5e, '0x07300404,0x4,0,0x603');
    expect(a.perf.generic['bus-cycles']).toBeNull();
    expect(a.perf.generic['cpu-cycles']).toBe('0x3c');
  });

  it('DOMAIN-X86-MODELS.md B.2: AAJ80 on Nehalem-EP (06_1A) with EBX bit 6 set: branch-misses 0x7f89, and the guest EBX has bit 6 cleared', async () => {
    // intel_nehalem_quirk: "intel_perfmon_event_map[PERF_COUNT_HW_BRANCH_MISSES] = 0x7f89;
    // ebx.split.no_branch_misses_retired = 0; x86_pmu.events_maskl = ebx.full;"
    // cpuid.c case 0xa: "entry->ebx = kvm_pmu_cap.events_mask;"
    const a = await cpu(0x1a, V3('0x40'));
    expect(a.perf.generic['branch-misses']).toBe('0x7f89');
    expect(a.kvmGuest['kvm-legacy']!.leaves['0xa']!['ebx']).toBe('0x0');
  });

  it('DOMAIN-X86-MODELS.md B.2: Westmere (06_2C) has no AAJ80 quirk: EBX bit 6 removes branch-misses and the guest keeps bit 6', async () => {
    // x86_add_quirk(intel_nehalem_quirk) only in the NEHALEM/_EP/_EX cases, so
    // intel_arch_events_quirk zeroes BRANCH_MISSES (bit 6) and events_maskl keeps it.
    const a = await cpu(0x2c, V3('0x40'));
    expect(a.perf.generic['branch-misses']).toBeNull();
    expect(a.kvmGuest['kvm-legacy']!.leaves['0xa']!['ebx']).toBe('0x40');
  });

  it('DOMAIN-X86-MODELS.md B.3: versions 2-4 assume 3 fixed counters on bare metal and trust EDX[4:0] in a guest', async () => {
    // "if (version > 1 && version < 5) { int assume = 3 * !boot_cpu_has(X86_FEATURE_HYPERVISOR);
    // x86_pmu.fixed_cntr_mask64 = GENMASK_ULL(max((int)edx.split.num_counters_fixed, assume) - 1, 0);"
    // Core 2 (06_0F): version 2, 2 GP counters, EDX 0.
    const metal = await cpu(0x0f, '0x07280202,0,0,0');
    expect(metal.perf.fixedCounters).toEqual([0, 1, 2]);
    const guest = await cpu(0x0f, '0x07280202,0,0,0', '--hypervisor');
    expect(guest.perf.fixedCounters).toEqual([]);
  });

  it('DOMAIN-X86-MODELS.md B.3: version 5 and later take the fixed counters from the ECX bitmap', async () => {
    // "} else if (version >= 5) x86_pmu.fixed_cntr_mask64 = fixed_mask;" (CPUID.0xA:ECX).
    const a = await cpu(0xbe, V5('0', '0x5'));
    expect(a.perf.fixedCounters).toEqual([0, 2]);
  });

  it('DOMAIN-X86-MODELS.md B.4: Nehalem and Westmere: stalled-cycles-frontend 0x0180010e, stalled-cycles-backend 0x01803fb1', async () => {
    // X86_CONFIG(.event=0x0e, .umask=0x01, .inv=1, .cmask=1) and
    // X86_CONFIG(.event=0xb1, .umask=0x3f, .inv=1, .cmask=1) in both cases.
    for (const model of [0x1e, 0x2c]) {
      const a = await cpu(model, V3('0'));
      expect(a.perf.generic['stalled-cycles-frontend']).toBe('0x180010e');
      expect(a.perf.generic['stalled-cycles-backend']).toBe('0x1803fb1');
    }
  });

  it('DOMAIN-X86-MODELS.md B.4: Sandy Bridge: stalled-cycles-backend is UOPS_DISPATCHED.THREAD 0x018001b1', async () => {
    // SANDYBRIDGE: X86_CONFIG(.event=0xb1, .umask=0x01, .inv=1, .cmask=1).
    const a = await cpu(0x2a, V3('0'));
    expect(a.perf.generic['stalled-cycles-frontend']).toBe('0x180010e');
    expect(a.perf.generic['stalled-cycles-backend']).toBe('0x18001b1');
  });

  it('DOMAIN-X86-MODELS.md B.4: Ivy Bridge sets only stalled-cycles-frontend', async () => {
    // IVYBRIDGE: only intel_perfmon_event_map[PERF_COUNT_HW_STALLED_CYCLES_FRONTEND].
    const a = await cpu(0x3a, V3('0'));
    expect(a.perf.generic['stalled-cycles-frontend']).toBe('0x180010e');
    expect(a.perf.generic['stalled-cycles-backend']).toBeNull();
  });

  it('DOMAIN-X86-MODELS.md B.4: Haswell, Skylake and Ice Lake override nothing: both STALLED entries unsupported', async () => {
    // "No event-map override" for these cases: only cache tables, constraints, extra regs.
    for (const model of [0x3c, 0x5e, 0x7e]) {
      const a = await cpu(model, V4);
      expect(a.perf.generic['stalled-cycles-frontend']).toBeNull();
      expect(a.perf.generic['stalled-cycles-backend']).toBeNull();
    }
  });

  it('DOMAIN-X86-MODELS.md B.4: Gracemont (ADL-N, 06_BE): ref-cycles 0x013c from v6.7 when EBX bit 2 is clear, 0x0300 before or with bit 2 set', async () => {
    // intel_pmu_ref_cycles_ext: "if (!(x86_pmu.events_maskl & (INTEL_PMC_MSK_FIXED_REF_CYCLES
    // >> INTEL_PMC_IDX_FIXED))) intel_perfmon_event_map[PERF_COUNT_HW_REF_CPU_CYCLES] = 0x013c;"
    const ref = async (ebx: string, kernel?: string) =>
      (await cpu(0xbe, V5(ebx, '0x7'), ...(kernel ? ['--kernel', kernel] : []))).perf.generic[
        'ref-cycles'
      ];
    expect(await ref('0')).toBe('0x13c');
    expect(await ref('0', '6.6')).toBe('0x300');
    expect(await ref('0x4')).toBe('0x300');
  });

  it('DOMAIN-X86-MODELS.md C: leaf 0x23 is never read before v6.3; from v6.3 a hybrid P-core takes its fixed counters from subleaf 1', async () => {
    // eb467aaac21e update_pmu_cap: "pmu->num_counters_fixed = fls(ebx);" called from
    // init_hybrid_pmu "if (this_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT))". Meteor Lake's
    // P-core has CPUID.(0x23,1).EBX = 0xF: fixed counters 0-3.
    const dump = 'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt';
    const run = async (kernel: string, pmu: string) => {
      const r = await cli(['cpu', 'x86', '--dump', dump, '--kernel', kernel, '--json']);
      const answers = (JSON.parse(r.stdout) as { answers: Answer[] }).answers;
      return answers.find((a) => a.perf.pmu === pmu)?.perf.fixedCounters;
    };
    expect(await run('6.3', 'cpu_core')).toEqual([0, 1, 2, 3]);
    // v6.2 has no Meteor Lake case either (38aaf921e92d "perf/x86: Add Meteor Lake
    // support", perf-core-2023-02-20, v6.3): the default: branch's one `cpu` PMU.
    expect(await run('6.2', 'cpu')).toEqual([0, 1, 2]);
  });

  it('DOMAIN-X86-MODELS.md C: a non-hybrid CPU with leaf 0x23 is read only once update_pmu_cap(NULL) exists', async () => {
    // "if (!is_hybrid() && boot_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT)) update_pmu_cap(NULL);"
    // The document dates it ≈ v6.19; the tables cite 25c623f41438 in tip perf/core on
    // 2025-04-17, so v6.16 (issue 17 closing note). Sapphire Rapids with a leaf 0x23
    // whose subleaf 1 gives fixed counters 0-2.
    const args = ['--leaf', '0x23=0x3,0,0,0', '--leaf', '0x23.1=0xff,0x7,0,0'];
    const spr = async (kernel: string) =>
      (await cpu(0x8f, '0x08300805,0,0x77,0x8603', ...args, '--kernel', kernel)).perf.fixedCounters;
    expect(await spr('6.16')).toEqual([0, 1, 2]);
    expect(await spr('6.15')).toEqual([0, 1, 2, 4, 5, 6]);
  });
});
