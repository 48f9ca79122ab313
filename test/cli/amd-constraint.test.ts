/**
 * `pmumap amd-constraint x86`: the counters Linux perf may schedule an event
 * on, on an AMD or Hygon host of a given family.
 *
 * Zen (DOMAIN-AMD.md TV-18, §1.3f): amd_core_pmu_init
 * (torvalds/linux@03c601927b67) gives event code 0x003 (FLOPs, a Large
 * Increment per Cycle event) pair_constraint: the even counters below
 * num_counters - 1, weight num_counters / 2.
 *
 * Family 15h (DOMAIN-AMD.md TV-17, §1.3e): amd_get_event_constraints_f15h in
 * arch/x86/events/amd/core.c, torvalds/linux@03c601927b67 (identical at
 * 5632a9fbcd45). Every expected value below is read from those lines:
 *   amd_f15_PMC0  = EVENT_CONSTRAINT(0, 0x01, 0);
 *   amd_f15_PMC20 = EVENT_CONSTRAINT(0, 0x07, 0);
 *   amd_f15_PMC3  = EVENT_CONSTRAINT(0, 0x08, 0);
 *   amd_f15_PMC30 = EVENT_CONSTRAINT_OVERLAP(0, 0x09, 0);
 *   amd_f15_PMC50 = EVENT_CONSTRAINT(0, 0x3F, 0);
 *   amd_f15_PMC53 = EVENT_CONSTRAINT(0, 0x38, 0);
 * EVENT_CONSTRAINT(c, n, m) is __EVENT_CONSTRAINT(c, n, m, HWEIGHT(n), 0, 0)
 * (arch/x86/events/perf_event.h), so each weight is the mask's popcount.
 * The JSON prints the constraint as its AmdEventConstraint value: 0x0
 * UNCONSTRAINED, 0x1 PAIR, 0x2 F15_PMC0, 0x3 F15_PMC20, 0x4 F15_PMC3,
 * 0x5 F15_PMC30, 0x6 F15_PMC50, 0x7 F15_PMC53, 0x8 EMPTY, 0x9 NB.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

async function constraint(...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['amd-constraint', 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const fam15h = (config: string) => constraint('--family', '0x15', '--config', config);

describe('amd-constraint x86 (TV-18)', () => {
  it('puts FLOPs (event 0x003) on counters 0, 2 and 4 of six, weight 3, as a pair', async () => {
    const j = await constraint('--config', '0x430003');
    expect(j).toMatchObject({ consumer: 'linux-perf', mask: '0x15', weight: '0x3', pair: true });
  });

  it('leaves event 0x103 (select bits 35:32 set) unconstrained', async () => {
    const j = await constraint('--config', '0x100430003');
    expect(j).toMatchObject({ mask: '0x3f', weight: '0x6', pair: false });
  });

  it('gives counter 4 of five no pair: mask 0x5, weight 2', async () => {
    const j = await constraint('--counters', '5', '--config', '0x3');
    expect(j).toMatchObject({ mask: '0x5', weight: '0x2', pair: true });
  });
});

describe('amd-constraint x86 on Family 15h (TV-17)', () => {
  it('DOMAIN-AMD.md TV-17: cpu-cycles 0x076 takes counters {0,1,2}, instructions 0x0c0 any of six', async () => {
    // case AMD_EVENT_CU: ... switch (event_code) { ... default: return &amd_f15_PMC20; }
    // (0x076 & AMD_EVENT_TYPE_MASK = 0x070, "0x070 CU PERF_CTL[2:0]")
    expect(await fam15h('0x76')).toMatchObject({
      constraint: '0x3',
      mask: '0x7',
      weight: '0x3',
      pair: false,
      overlap: false,
      opens: true,
    });
    // case AMD_EVENT_EX_LS: ... default: return &amd_f15_PMC50;  ("0x0C0 EX/LS PERF_CTL[5:0]")
    expect(await fam15h('0xc0')).toMatchObject({ constraint: '0x6', mask: '0x3f', weight: '0x6' });
  });

  it('puts FLOPs 0x003 on counter 3 alone, with no pair (PMU_FL_PAIR is Family 17h+)', async () => {
    // case 0x003: case 0x00B: case 0x00D: return &amd_f15_PMC3;
    expect(await fam15h('0x3')).toMatchObject({ mask: '0x8', weight: '0x1', pair: false });
  });

  it('gives an FP code the switch does not name counters 3-5', async () => {
    // case AMD_EVENT_FP: switch (event_code) { ... } return &amd_f15_PMC53;
    expect(await fam15h('0x1')).toMatchObject({ constraint: '0x7', mask: '0x38', weight: '0x3' });
  });

  it('decides 0x000 and 0x004 by the unit mask', async () => {
    // case 0x000: if (!(hwc->config & 0x0000F000ULL)) break;
    //             if (!(hwc->config & 0x00000F00ULL)) break;
    //             return &amd_f15_PMC3;        (break: return &amd_f15_PMC53;)
    expect(await fam15h('0x1100')).toMatchObject({ mask: '0x8' });
    expect(await fam15h('0x0100')).toMatchObject({ mask: '0x38' });
    // case 0x004: if (hweight_long(hwc->config & ARCH_PERFMON_EVENTSEL_UMASK) <= 1) break;
    //             return &amd_f15_PMC3;
    expect(await fam15h('0x0304')).toMatchObject({ mask: '0x8' });
    expect(await fam15h('0x0204')).toMatchObject({ mask: '0x38' });
  });

  it('gives 0x02E the overlapping constraint on counters 3 and 0', async () => {
    // case 0x02E: return &amd_f15_PMC30;   (EVENT_CONSTRAINT_OVERLAP(0, 0x09, 0))
    expect(await fam15h('0x2e')).toMatchObject({
      constraint: '0x5',
      mask: '0x9',
      weight: '0x2',
      overlap: true,
    });
  });

  it('refuses 0x031 with more than one unit-mask bit: perf_event_open gets EINVAL', async () => {
    // case 0x031: if (hweight_long(hwc->config & ARCH_PERFMON_EVENTSEL_UMASK) <= 1)
    //                     return &amd_f15_PMC20;
    //             return &emptyconstraint;
    // validate_event (arch/x86/events/core.c, torvalds/linux@005bd0077a79):
    //   if (!c || !c->weight) ret = -EINVAL;
    expect(await fam15h('0x131')).toMatchObject({ mask: '0x7', opens: true });
    expect(await fam15h('0x331')).toMatchObject({
      constraint: '0x8',
      mask: '0x0',
      weight: '0x0',
      opens: false,
    });
  });

  it('reads the 12-bit code: 0x187 is counter 0, 0x1C0 counters 3-5, 0x2C0 the EX/LS default', async () => {
    // case 0x08F: case 0x187: case 0x188: return &amd_f15_PMC0;
    expect(await fam15h('0x100000087')).toMatchObject({ mask: '0x1', weight: '0x1' });
    // case 0x1C0: return &amd_f15_PMC53;
    expect(await fam15h('0x1000000c0')).toMatchObject({ mask: '0x38' });
    expect(await fam15h('0x2000000c0')).toMatchObject({ mask: '0x3f' });
  });

  it('names 0x0DB ... 0x0DF in the DE class: any of six', async () => {
    // case 0x0DB ... 0x0DF: case 0x1D6: case 0x1D8: return &amd_f15_PMC50;
    expect(await fam15h('0xdd')).toMatchObject({ mask: '0x3f' });
    // ... default: return &amd_f15_PMC20;   ("0x0D0 DE PERF_CTL[2:0]")
    expect(await fam15h('0xd0')).toMatchObject({ mask: '0x7' });
  });

  it('gives northbridge codes (0x0E0 ... 0x0FF) and the classes 0x0A0/0x0B0 no counter', async () => {
    // case AMD_EVENT_NB: /* moved to uncore.c */ return &emptyconstraint;
    // default: return &emptyconstraint;
    for (const config of ['0xe0', '0xff', '0xa0', '0xb5'])
      expect(await fam15h(config)).toMatchObject({ mask: '0x0', weight: '0x0', opens: false });
  });
});

describe('amd-constraint x86 before Family 15h and between', () => {
  it('leaves a K10 (family 0x10) event on any of its 4 legacy counters', async () => {
    // amd_core_pmu_init: if (!boot_cpu_has(X86_FEATURE_PERFCTR_CORE)) return 0;
    // amd_get_event_constraints: ... return &unconstrained;  (num_counters 4)
    expect(await constraint('--family', '0x10', '--config', '0x76')).toMatchObject({
      constraint: '0x0',
      mask: '0xf',
      weight: '0x4',
    });
  });

  it('gives a K10 northbridge event the first counter no other core of its northbridge holds', async () => {
    // amd_is_nb_event: (hwc->config & 0xe0) == 0xe0; __amd_get_nb_event_constraints:
    // the first idx with cmpxchg(nb->owners + idx, NULL, event) free, then
    // return &nb->event_constraints[new];   (amd_alloc_nb: that bit, weight 1)
    const k10nb = (owned: string) =>
      constraint('--family', '0x10', '--config', '0xe0', '--nb-owned', owned);
    expect(await k10nb('0x0')).toMatchObject({ constraint: '0x9', mask: '0x1', weight: '0x1' });
    expect(await k10nb('0x3')).toMatchObject({ mask: '0x4', weight: '0x1' });
    // if (new == -1) return &emptyconstraint;  but perf_event_open validates on a
    // fake cpuc: if (cpuc->is_fake) return c;  (c = &unconstrained)
    expect(await k10nb('0xf')).toMatchObject({ mask: '0x0', weight: '0x0', opens: true });
  });

  it('drops the northbridge bookkeeping on a uniprocessor', async () => {
    // amd_pmu_init: if (num_possible_cpus() == 1) x86_pmu.amd_nb_constraints = 0;
    const j = await constraint('--family', '0x10', '--config', '0xe0', '--uniprocessor', 'true');
    expect(j).toMatchObject({ constraint: '0x0', mask: '0xf', weight: '0x4' });
  });

  it('gives Family 16h (PERFCTR_CORE, neither 0x15 nor >= 0x17) unconstrained six counters', async () => {
    // if (boot_cpu_data.x86 == 0x15) ...; if (boot_cpu_data.x86 >= 0x17) ...;
    // x86_pmu.amd_nb_constraints = 0;
    const j = await constraint('--family', '0x16', '--config', '0x3');
    expect(j).toMatchObject({ constraint: '0x0', mask: '0x3f', weight: '0x6', pair: false });
  });

  it('gives a Zen guest without PERFCTR_CORE no pair: 4 legacy counters', async () => {
    const j = await constraint('--perfctr-core', 'false', '--config', '0x3');
    expect(j).toMatchObject({ constraint: '0x0', mask: '0xf', weight: '0x4', pair: false });
  });

  it('refuses a family below 6 (amd_pmu_init: "if (boot_cpu_data.x86 < 6) return -ENODEV;")', async () => {
    const r = await cli(['amd-constraint', 'x86', '--family', '5', '--config', '0x76']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--family: 5 is outside 6\.\.270/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
