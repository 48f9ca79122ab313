/**
 * `pmumap explain`: the chain of rules with tables lines for an event, a
 * register value and a CPUID leaf. Expected values from DOMAIN.md.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('pmumap explain', () => {
  it("names every table that mentions INST_RETIRED, with Apple's translation to 0x8c", async () => {
    // m1_pmu_pmceid_map: INST_RETIRED -> INST_ALL 0x8c (DOMAIN.md 4.4);
    // armv8_pmuv3_perf_map: PERF_COUNT_HW_INSTRUCTIONS -> INST_RETIRED (3.1).
    const r = await cli(['explain', 'arm64', 'INST_RETIRED']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /apple_m1\.translate: INST_RETIRED -> 0x8c "INST_ALL"  \(tables\/arm64\/pmus\.pmumap:\d+\)/,
    );
    expect(r.stdout).toMatch(/armv8_pmuv3_perf_map: INSTRUCTIONS -> INST_RETIRED/);
    expect(r.stdout).toMatch(
      /--pmu apple_m1 --mode emulated:\n\s+kvm \(mainline v6\.10 and later\): perf \{ type = 0x8, config = 0x8c/,
    );
  });

  it('follows a PMUv3p0 guest write of 0x4008 to INST_RETIRED on Apple M1', async () => {
    // DOMAIN.md 9 item 4: bits above the guest's 10-bit width are dropped at
    // write time; then m1_pmu_map_pmuv3_event(0x08) = 0x8c.
    const r = await cli(['explain', 'arm64', 'PMEVTYPER0_EL0=0x4008', '--mode', 'emulated']);
    expect(r.status).toBe(0);
    const apple = r.stdout.slice(r.stdout.indexOf('--pmu apple_m1'));
    expect(apple).toMatch(/stored = 0x8, event = 0x8 \(INST_RETIRED\)/);
    expect(apple).toMatch(/let event_mask = 0x3ff/);
    expect(apple).toMatch(/config = 0x8c/);
  });

  it('explains the cycle counter from PMCCFILTR_EL0: CPU_CYCLES whatever the event bits say', async () => {
    // DOMAIN.md 9 item 1.
    const r = await cli(['explain', 'arm64', 'PMCCFILTR_EL0=0x8', '--mode', 'emulated']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /--pmu pmuv3 --mode emulated:\n\s+kvm \(mainline v6\.10 and later\): perf \{ type = 0x8, config = 0x11/,
    );
  });

  it('decodes the Clearwater Forest leaf and shows each reader deciding it', async () => {
    // DOMAIN.md 10.3 / reference 004: ECX = 0x77; legacy KVM keeps [0, 3).
    const r = await cli([
      'explain',
      'x86',
      '0xa',
      '--eax',
      '0x08300806',
      '--ebx',
      '0',
      '--ecx',
      '0x77',
      '--edx',
      '0x8603',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/31:0\s+fixed_mask\s+0x77/);
    expect(r.stdout).toMatch(/  sdm \(spec: Intel SDM.*\):\n\s+fixed = 0x77/);
    // kvm-legacy starts at v6.16, where intel_pmu_init reads leaf 0x23 on
    // non-hybrid parts too (update_pmu_cap(NULL)); v6.11-v6.15 is
    // kvm-legacy-6.11. Without leaf 0x23 both keep [0, 3).
    expect(r.stdout).toMatch(/  kvm-legacy \(mainline v6\.16 and later\):\n\s+fixed = 0x7\n/);
    expect(r.stdout).toMatch(/  kvm-legacy-6\.11 \(mainline v6\.11–v6\.15\):\n\s+fixed = 0x7\n/);
  });

  it('explains a vendor core: its fixed-counter hole, generic events and every CPUID.0xA reader', async () => {
    // Clearwater Forest's vendor file lists fixed counters 0, 1, 2, 4, 5, 6
    // (checked against the JSON in test/vendor); DOMAIN.md's CWF leaf: the
    // SDM keeps 0x77, legacy KVM offers 0x7.
    const r = await cli(['explain', 'x86', 'clearwaterforest', 'tables', 'tables/vendor']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('fixed counters: {0, 1, 2, 4, 5, 6}, hole: 3');
    expect(r.stdout).toMatch(
      /REF_CPU_CYCLES: 0x300: CPU_CLK_UNHALTED\.REF_TSC \(fixed counter 2\)/,
    );
    expect(r.stdout).toContain('ecx = 0x77, edx = 0x8603');
    expect(r.stdout).toMatch(/\n  sdm: 0x77\n/);
    expect(r.stdout).toMatch(/\n  kvm-legacy: 0x7\n/);
  }, 60_000);

  it('refuses a vendor core under another architecture in one line, exit 2', async () => {
    const r = await cli(['explain', 'arm64', 'clearwaterforest', 'tables', 'tables/vendor']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      "pmumap: core 'clearwaterforest' implements intel_core, which is not an arm64 pmu (try: pmumap explain x86 clearwaterforest)",
    );
  }, 60_000);

  for (const [args, message] of [
    [['explain', 'arm64', 'NOPE'], /'NOPE' is not an event/],
    [['explain', 'arm64', 'PMEVTYPER31_EL0=1'], /n must be in 0\.\.30/],
    [['explain', 'arm64', 'PMCCFILTR_EL0=0x1_0000_0000_0000_0000'], /does not fit in 64 bits/],
    [['explain', 'mips', 'INST_RETIRED'], /unknown architecture 'mips'/],
    [['explain', 'x86', '0xa', '--eax', '1'], /needs --ebx/],
  ] as const) {
    it(`refuses ${args.slice(1).join(' ')} in one line, exit 2`, async () => {
      const r = await cli([...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
