/**
 * Where a RISC-V guest's event is counted, as explain and `map --json`
 * say it. An SBI guest does not program a counter: it passes an event and
 * a counter mask to COUNTER_CFG_MATCH and KVM picks the counter
 * (DOMAIN-RISCV.md A.3 CFG_MATCH step 4: HW cycles -> counter 0 and HW
 * instructions -> counter 2 whatever the mask, kvm_pmu_get_fixed_pmc_index;
 * any other event the first free counter of the mask in [3, num_hw_ctrs),
 * kvm_pmu_get_programmable_pmc_index). The guest command declares this
 * with `output counter ... role counter` and `input counter_mask ... role
 * counter_mask` (tables/riscv/kvm.pmumap).
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';

describe('explain riscv: the event picks the counter from the counter mask', () => {
  it('instructions land on counter 2, and no counter or pmu is said to be chosen by the guest', async () => {
    const r = await cli(['explain', 'riscv', 'INSTRUCTIONS']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'a guest asks for it and the event picks the counter from counter_mask = ',
    );
    expect(r.stdout).toMatch(/^ {2}--mode emulated: counter 2$/m);
    // The SBI guest names no counter (it was "on counter 3", the events line's index) and
    // map riscv has no --pmu option.
    expect(r.stdout).not.toMatch(/programs it on counter/);
    expect(r.stdout).not.toContain('--pmu');
  });

  it('cycles land on counter 0, branch misses on the first programmable counter, 3', async () => {
    const cycles = await cli(['explain', 'riscv', 'CPU_CYCLES']);
    expect(cycles.stdout).toMatch(/^ {2}--mode emulated: counter 0$/m);
    const misses = await cli(['explain', 'riscv', 'BRANCH_MISSES']);
    expect(misses.stdout).toMatch(/^ {2}--mode emulated: counter 3$/m);
  });

  it('an event_idx value is what a guest passes: KVM picks counter 3 for LL write miss (A.4 #5)', async () => {
    // Before, explain said no riscv counter is programmed via SBI_EVENT_IDX and stopped.
    const r = await cli(['explain', 'riscv', 'SBI_EVENT_IDX=0x10013']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('a guest asks for it and the event picks the counter');
    expect(r.stdout).toMatch(/^ {2}--mode emulated: counter 3$/m);
    expect(r.stdout).toContain('perf { type = 0x3, config = 0x10102,');
    expect(r.stdout).not.toContain('no riscv pmu counter is programmed');
  });

  it('--json: the guest names no counter (null), each run has the counter KVM picked', async () => {
    const r = await cli(['explain', 'riscv', 'INSTRUCTIONS', '--json']);
    expect(r.status).toBe(0);
    const [event] = JSON.parse(r.stdout).events;
    const [guest] = event.guest;
    expect(guest.counter).toBeNull();
    expect(guest.counterPickedBy).toBe('counter');
    expect(guest.runs).toHaveLength(1);
    expect(guest.runs[0]).not.toHaveProperty('pmu');
    expect(guest.runs[0]).toMatchObject({ mode: 'emulated', counter: 2 });
  });
});

describe('map riscv --json: key types', () => {
  const map = async (args: string[]) => {
    const r = await cli(['map', 'riscv', ...args, '--json']);
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('counter is a number (an index, as in host --json and explain --json); stored is null: no register', async () => {
    const answer = await map(['--event-idx', '0x6', '--counter-mask', '0x78']);
    expect(answer.counter).toBe(3);
    expect(answer).toHaveProperty('stored', null);
  });

  it('a refusal before KVM picks a counter has counter null, the key still there', async () => {
    const answer = await map(['--event-idx', '0x6', '--counter-mask', '0']);
    expect(answer.outcome).toBe('refused');
    expect(answer).toHaveProperty('counter', null);
  });
});
