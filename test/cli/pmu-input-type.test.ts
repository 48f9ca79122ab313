/**
 * An input declared `input pmu : T` takes the PMU T or a PMU that extends T,
 * nothing else: tables/x86/kvm.pmumap declares `input pmu : intel_core`, and
 * tables/arm64/kvm-vpmu.pmumap `input pmu : pmuv3` ("pmuv3, apple_m1";
 * tables/arm64/pmus.pmumap: `pmu apple_m1 extends pmuv3`). A PMU of another
 * architecture is a usage mistake: one line on stderr and exit 2, not an
 * answer computed for the wrong PMU (fixed-map x86 --pmu pmuv3 answered as if
 * it were intel_core) nor an evaluation error with exit 1 (map arm64 --pmu
 * sbi_pmu: "pmu 'sbi_pmu' has no property 'guest_pmuver'").
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const LEAF = ['--eax', '0x7300402', '--ebx', '0', '--ecx', '0', '--edx', '0x8603'];

describe('a pmu-typed option takes only its PMU and the PMUs that extend it', () => {
  it('fixed-map x86 refuses an arm64 PMU and lists intel_core alone', async () => {
    const r = await cli(['fixed-map', 'x86', '--counter', '1', ...LEAF, '--pmu', 'pmuv3']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("--pmu: expected a pmu (intel_core), found 'pmuv3'");
  });

  it('fixed-map x86 still takes intel_core', async () => {
    const r = await cli(['fixed-map', 'x86', '--counter', '1', ...LEAF, '--pmu', 'intel_core']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('map arm64 refuses the RISC-V and x86 PMUs with exit 2 and lists pmuv3, apple_m1', async () => {
    for (const pmu of ['sbi_pmu', 'intel_core']) {
      const r = await cli(['map', 'arm64', '--counter', '0', '--value', '0x11', '--pmu', pmu]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`--pmu: expected a pmu (pmuv3, apple_m1), found '${pmu}'`);
    }
  });

  it('map arm64 still takes apple_m1, which extends pmuv3', async () => {
    const r = await cli(['map', 'arm64', '--counter', '0', '--value', '0x11', '--pmu', 'apple_m1']);
    expect(r.status).toBe(0);
  });
});
