/**
 * explain riscv shows the counter mask a guest passes by its value, not
 * only by the expression of its default: tables/riscv/kvm.pmumap gives
 * `input hw_counters ... = 6` and `input counter_mask ... = prefix(min(hw_counters
 * + 1, 32) + 22) & ~bit(1)`, so the mask is bits 0..28 without bit 1 (time),
 * 0x1ffffffd: the 29 counters `let total` counts (7 hardware + 22 firmware).
 */
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.ts';

describe('explain riscv: the defaulted counter mask by its value', () => {
  it('the text gives the value, then the default it came from and the input that reads', async () => {
    const r = await cli(['explain', 'riscv', 'BRANCH_MISSES']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'a guest asks for it and the event picks the counter from counter_mask = 0x1ffffffd (pmumap map riscv; ' +
        "counter_mask = prefix(min(hw_counters + 0x1, 0x20) + 0x16) & ~bit(0x1) where hw_counters = 0x6, the input's default):",
    );
    // The trace agrees: 29 counters in all.
    expect(r.stdout).toMatch(/let total = 0x1d$/m);
  });

  it('--json: each run has the mask it picked from', async () => {
    const r = await cli(['explain', 'riscv', 'BRANCH_MISSES', '--json']);
    expect(r.status).toBe(0);
    const [guest] = JSON.parse(r.stdout).events[0].guest;
    expect(guest.runs[0]).toMatchObject({
      mode: 'emulated',
      counter: 3,
      counterMask: '0x1ffffffd',
    });
  });
});
