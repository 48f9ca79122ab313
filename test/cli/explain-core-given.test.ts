/**
 * explain ARCH CORE says which inputs of each vendor item are the core's and
 * which the table sets: the Intel vendor files carry no CPUID.0xA leaf, so
 * the fixed-counter readers run on Clearwater Forest's EAX (0x08300806:
 * version 6, 8 counters; DOMAIN.md 10.3) around the core's own fixed
 * counters. Skylake's vendor file lists fixed counters 0-2 (ECX mask 0x7,
 * EDX[4:0] = 3); its own leaf is version 4, which explain must not imply.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('explain x86 skylake', () => {
  it('separates the core facts from the leaf the table supplies', async () => {
    const r = await cli(['explain', 'x86', 'skylake', 'tables', 'tables/vendor']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '\n  from the core: ecx = 0x7 (fixed_mask), edx = 0x8603 (0x8600 | fixed_prefix)\n',
    );
    expect(r.stdout).toMatch(
      /\n {2}set by the table, not the core's own: eax = 0x8300806, ebx = 0x0 \(Clearwater Forest's leaf[^\n]*\)\n/,
    );
  }, 60_000);

  it('says the generic map runs on a leaf the table sets, not the core', async () => {
    const r = await cli(['explain', 'x86', 'skylake', 'tables', 'tables/vendor']);
    expect(r.stdout).toMatch(
      /generic perf events \(linux-perf, [^\n]*\):\n {2}set by the table, not the core's own: eax = 0x7300805, ebx = 0x0 /,
    );
  }, 60_000);
});
