/**
 * Which bit of CPUID.(0x23, 0).EAX makes perf read subleaf 1 (the counter
 * bitmaps), before and after 47a973fd7563 "perf/x86/intel: Fix
 * ARCH_PERFMON_NUM_COUNTER_LEAF" (Kan Liang, 2025-01-29; tip perf/urgent
 * 2025-02-08; in the Linux 6.14-rc3 shortlog, so mainline v6.14; Cc stable:
 * 6.12.16 and 6.13.4 -rc1 reviews of 2025-02-19 and a 6.6.y backport of
 * 2025-02-20, which --kernel does not model). Every expected value follows
 * from the kernel lines quoted here, never from pmumap's output.
 *
 * eb467aaac21e (v6.3), arch/x86/include/asm/perf_event.h and update_pmu_cap:
 *   #define ARCH_PERFMON_NUM_COUNTER_LEAF_BIT	0x1
 *   #define ARCH_PERFMON_NUM_COUNTER_LEAF		0x1
 *   unsigned int sub_bitmaps = cpuid_eax(ARCH_PERFMON_EXT_LEAF);
 *   if (sub_bitmaps & ARCH_PERFMON_NUM_COUNTER_LEAF_BIT) {
 *           cpuid_count(ARCH_PERFMON_EXT_LEAF, ARCH_PERFMON_NUM_COUNTER_LEAF, ...
 * 47a973fd7563 drops the _BIT macro and tests bit 1 of union cpuid35_eax
 * ("unsigned int leaf0:1;" then "unsigned int cntr_subleaf:1;"):
 *   -	if (sub_bitmaps & ARCH_PERFMON_NUM_COUNTER_LEAF_BIT) {
 *   +	if (eax.split.cntr_subleaf) {
 * Its message: "The error is not user-visible on bare metal ... it may bring
 * issues in a virtualization environment when a VMM only enumerates the
 * sub-leaf 0."
 *
 * v6.3-v6.15 call update_pmu_cap only for hybrid PMUs (init_hybrid_pmu:
 * "if (this_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT)) update_pmu_cap(pmu);"),
 * then "if (!check_hw_exists(&pmu->pmu, ...)) return false;". check_hw_exists
 * (arch/x86/events/core.c) marks a GP counter it can test ("reg_safe = i")
 * and with none ("if (reg_safe == -1) { ... goto msr_fail; }") returns
 * false, so an empty subleaf 1 leaves the CPU without a PMU. From v6.16
 * (25c623f41438) non-hybrid CPUs too: "if (!is_hybrid() &&
 * boot_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT)) update_pmu_cap(NULL);".
 *
 * The hybrid host is Meteor Lake's P-core (InstLatx64 CPU #0, the fixture
 * test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt): leaf 0xA 07300805
 * (8 GP counters, version 5) 0 7 (fixed mask {0,1,2}) 8603, leaf 0x1A
 * 0x40000002 (a Core), subleaf 1 0xFF / 0xF on bare metal. A VMM changes
 * only leaf 0x23.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

interface Perf {
  pmu: string | null;
  gpCounters: number | null;
  fixedCounters: number[] | null;
  why: { code: string } | null;
  consumer: string;
}

const METEOR_LAKE_P_CORE = [
  '--vendor',
  'GenuineIntel',
  '--family',
  '6',
  '--model',
  '0xaa',
  '--stepping',
  '4',
  '--leaf',
  '7=0,0,0,0x8000',
  '--leaf',
  '0xa=0x07300805,0,0x7,0x8603',
  '--leaf',
  '0x1a=0x40000002,0,0,0',
];

async function perf(cpu: string[], kernel: string): Promise<Perf> {
  const r = await cli(['cpu', 'x86', ...cpu, '--kernel', kernel, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { perf: Perf }).perf;
}

describe('hybrid host, a VMM listing only subleaf 0 (subleaf-0 EAX = 0x1, subleaf 1 zeros)', () => {
  const cpu = [...METEOR_LAKE_P_CORE, '--leaf', '0x23=0x1,0,0,0'];

  it.each([['6.3'], ['6.10'], ['6.12'], ['6.13']])(
    '--kernel %s: bit 0 is set, so perf reads the empty subleaf 1 and check_hw_exists fails: no PMU',
    async (kernel) => {
      const p = await perf(cpu, kernel);
      expect(p.pmu).toBeNull();
      expect(p.why?.code).toBe('NO_GP_COUNTERS');
    },
  );

  it('the split is at the fix: v6.13 is linux-perf-6.13, v6.14 linux-perf-6.14', async () => {
    expect((await perf(cpu, '6.13')).consumer).toBe('linux-perf-6.13');
    expect((await perf(cpu, '6.14')).consumer).toBe('linux-perf-6.14');
  });

  it.each([
    ['6.14', 'linux-perf-6.14'],
    ['6.15', 'linux-perf-6.15'],
    ['6.18', 'linux-perf'],
  ])(
    '--kernel %s (%s): bit 1 is clear, so perf keeps leaf 0xA: cpu_core, 8 GP, fixed {0,1,2}',
    async (kernel, consumer) => {
      const p = await perf(cpu, kernel);
      expect(p.consumer).toBe(consumer);
      expect(p).toMatchObject({ pmu: 'cpu_core', gpCounters: 8, fixedCounters: [0, 1, 2] });
    },
  );
});

describe('hybrid host, a VMM setting only subleaf-0 EAX bit 1 (0x2), subleaf 1 as on bare metal', () => {
  const cpu = [...METEOR_LAKE_P_CORE, '--leaf', '0x23=0x2,0,0,0', '--leaf', '0x23.1=0xff,0xf,0,0'];

  it.each([['6.10'], ['6.13']])(
    '--kernel %s: bit 0 is clear, so perf never reads subleaf 1: fixed {0,1,2} from leaf 0xA',
    async (kernel) => {
      expect(await perf(cpu, kernel)).toMatchObject({
        pmu: 'cpu_core',
        gpCounters: 8,
        fixedCounters: [0, 1, 2],
      });
    },
  );

  it.each([['6.14'], ['6.18']])(
    '--kernel %s: bit 1 is set, so subleaf 1 EBX 0xF gives fixed {0,1,2,3} (TOPDOWN.SLOTS)',
    async (kernel) => {
      expect(await perf(cpu, kernel)).toMatchObject({
        pmu: 'cpu_core',
        gpCounters: 8,
        fixedCounters: [0, 1, 2, 3],
      });
    },
  );
});

// A non-hybrid CPU (family 6 model 0xAF, no hybrid bit, no core type):
// leaf 0xA 08300805 (8 GP, version 5), ECX 0x77; subleaf 1 0xF / 0x7.
// Perf reads leaf 0x23 here only from v6.16, after the fix, so only bit 1
// ever counts.
describe('non-hybrid host from v6.16: only subleaf-0 EAX bit 1 makes perf read subleaf 1', () => {
  const host = (subleaf0: string) => [
    '--vendor',
    'GenuineIntel',
    '--family',
    '6',
    '--model',
    '0xaf',
    '--leaf',
    '0xa=0x08300805,0,0x77,0x8603',
    '--leaf',
    `0x23=${subleaf0},0,0,0`,
    '--leaf',
    '0x23.1=0xf,0x7,0,0',
  ];

  it('0x2 on v6.16: subleaf 1, 4 GP and fixed {0,1,2}', async () => {
    expect(await perf(host('0x2'), '6.16')).toMatchObject({
      pmu: 'cpu',
      gpCounters: 4,
      fixedCounters: [0, 1, 2],
    });
  });

  it('0x2 on v6.15: not read on a non-hybrid CPU, leaf 0xA: 8 GP and fixed {0,1,2,4,5,6}', async () => {
    expect(await perf(host('0x2'), '6.15')).toMatchObject({
      pmu: 'cpu',
      gpCounters: 8,
      fixedCounters: [0, 1, 2, 4, 5, 6],
    });
  });

  it('0x1 on v6.16: bit 1 clear, leaf 0xA: 8 GP and fixed {0,1,2,4,5,6}', async () => {
    expect(await perf(host('0x1'), '6.16')).toMatchObject({
      pmu: 'cpu',
      gpCounters: 8,
      fixedCounters: [0, 1, 2, 4, 5, 6],
    });
  });
});

describe('cpuid 0xa --dump: the Meteor Lake P-core with a VMM-style leaf 0x23', () => {
  // The fixture's CPU #0 block, leaf 0x23 subleaf 0 EAX 0xB -> 0x1 and
  // subleaf 1 zeroed: what a VMM that lists only subleaf 0 shows.
  const fixture = readFileSync(
    join(ROOT, 'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt'),
    'utf8',
  );
  const cpu0 = fixture.slice(
    fixture.indexOf('------[ CPUID Registers / Logical CPU #0 ]'),
    fixture.indexOf('------[ CPUID Registers / Logical CPU #2 ]'),
  );
  const dump = (sl0: string, sl1: string): string => {
    const text = cpu0
      .replace(
        'CPUID 00000023: 0000000B-00000000-00000000-00000000 [SL 00]',
        `CPUID 00000023: ${sl0}-00000000-00000000-00000000 [SL 00]`,
      )
      .replace(
        'CPUID 00000023: 000000FF-0000000F-00000000-00000000 [SL 01]',
        `CPUID 00000023: ${sl1}-00000000-00000000 [SL 01]`,
      );
    const path = join(mkdtempSync(join(tmpdir(), 'pmumap-leaf23-')), 'vmm.txt');
    writeFileSync(path, text);
    return path;
  };
  const fixed = async (path: string): Promise<Record<string, number[]>> => {
    const r = await cli(['cpuid', '0xa', '--dump', path, '--json']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { answers: { fixedCounters: Record<string, number[]> }[] };
    expect(j.answers).toHaveLength(1);
    return j.answers[0]!.fixedCounters;
  };

  it('the edit took: the dump says what the test means', () => {
    expect(cpu0).toContain('CPUID 0000000A: 07300805-00000000-00000007-00008603');
    expect(cpu0).toContain('CPUID 0000001A: 40000002');
  });

  it('subleaf-0 EAX 0x1, subleaf 1 zeros: no fixed counters v6.3-v6.13 (no PMU), {0,1,2} from v6.14', async () => {
    const f = await fixed(dump('00000001', '00000000-00000000'));
    expect(f['linux-perf-6.3']).toEqual([]);
    expect(f['linux-perf-6.11']).toEqual([]);
    expect(f['linux-perf-6.14']).toEqual([0, 1, 2]);
    expect(f['linux-perf']).toEqual([0, 1, 2]);
  });

  it('subleaf-0 EAX 0x2, subleaf 1 EBX 0xF: {0,1,2} v6.3-v6.13, {0,1,2,3} from v6.14', async () => {
    const f = await fixed(dump('00000002', '000000FF-0000000F'));
    expect(f['linux-perf-6.3']).toEqual([0, 1, 2]);
    expect(f['linux-perf-6.11']).toEqual([0, 1, 2]);
    expect(f['linux-perf-6.14']).toEqual([0, 1, 2, 3]);
    expect(f['linux-perf']).toEqual([0, 1, 2, 3]);
  });
});
