/**
 * Which kernels read CPUID leaf 0x23 for perf's fixed counters
 * (DOMAIN-X86-MODELS.md C): none before v6.3; from v6.3 (eb467aaac21e,
 * "perf/x86/intel: Support Architectural PerfMon Extension leaf") only on
 * hybrid parts, through init_hybrid_pmu. Leaf values are a Meteor Lake
 * Ultra 7 155H P-core's (InstLatx64, test/fixtures/cpuid): leaf 0xA
 * 07300805 0 7 8603, CPUID.(0x23, 1).EBX = 0xF, leaf 0x1A core type 0x40.
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import type { Value } from '../../src/runtime/values.ts';
import { cli } from '../cli/run-cli.ts';
import { shipped } from '../helpers.ts';

const meteorLakePCore: Record<string, Value> = {
  eax: 0x07300805n,
  ebx: 0n,
  ecx: 0x7n,
  edx: 0x8603n,
  perfmon_ext: 0x3n,
  leaf23_ebx: 0xfn,
  core: 0x40000002n,
};
const fixed = (consumer: string, inputs: Record<string, Value>) =>
  runConsumer(shipped().tables, consumer, inputs, 'fixed_counters').outputs['fixed'];

describe('v6.3-v6.10: leaf 0x23 on hybrid parts (eb467aaac21e)', () => {
  // init_hybrid_pmu:
  //   if (this_cpu_has(X86_FEATURE_ARCH_PERFMON_EXT))
  //           update_pmu_cap(pmu);
  // update_pmu_cap:
  //   pmu->num_counters_fixed = fls(ebx);
  //   intel_pmu_check_num_counters(..., &pmu->intel_ctrl, ebx);
  it('a Meteor Lake P-core gets fixed counters {0, 1, 2, 3}: TOPDOWN.SLOTS too', () => {
    expect(fixed('linux-perf-6.3', meteorLakePCore)).toBe(0xfn);
  });

  it('a part that is not hybrid never reaches init_hybrid_pmu: ECX decides', () => {
    expect(fixed('linux-perf-6.3', { ...meteorLakePCore, core: 0n })).toBe(0x7n);
  });
});

describe('v5.12-v6.2: leaf 0x23 is never read', () => {
  it('the same P-core gets {0, 1, 2} from leaf 0xA ECX', () => {
    expect(fixed('linux-perf-5.12', meteorLakePCore)).toBe(0x7n);
  });
});

describe('--kernel picks the reader by release', () => {
  const args = [
    'fixed',
    'x86',
    '--eax',
    '0x07300805',
    '--ebx',
    '0',
    '--ecx',
    '0x7',
    '--edx',
    '0x8603',
    '--perfmon-ext',
    '0x3',
    '--leaf23-ebx',
    '0xf',
    '--core',
    '0x40000002',
    '--json',
  ];
  it.each([
    ['6.2', 'linux-perf-5.12', '0x7'],
    ['6.3', 'linux-perf-6.3', '0xf'],
    ['6.10', 'linux-perf-6.3', '0xf'],
  ])('--kernel %s: %s, fixed = %s', async (kernel, consumer, value) => {
    const r = await cli([...args, '--kernel', kernel]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j['consumer']).toBe(consumer);
    expect(j['fixed']).toBe(value);
  });
});
