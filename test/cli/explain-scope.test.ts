/**
 * `pmumap explain ARCH` looks names up in what ARCH reaches (issue 16 item
 * 5): an event or register of another architecture is not found, and
 * did-you-mean suggests only ARCH's names. INST_RETIRED_ANY is Intel's
 * fixed-counter event (tables/x86/events.pmumap), INST_RETIRED and SW_INCR
 * PMUv3's (tables/arm64/events.pmumap, DOMAIN.md 3.1); PMEVTYPER<n>_EL0 is
 * an arm64 register. Before, every arch's enums and registers were
 * searched: `explain arm64 INST_RETIRED_ANY` answered with the x86 event.
 * And no constant of one arch: the guest's host PMU type is the guest
 * command's input default (host_type = 8 in tables/arm64/kvm-vpmu.pmumap).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

describe('explain is scoped to the arch asked', () => {
  it("another arch's event is not found, and the suggestion is this arch's", async () => {
    const r = await cli(['explain', 'arm64', 'INST_RETIRED_ANY']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "pmumap: 'INST_RETIRED_ANY' is not an event, REGISTER=VALUE or a CPUID leaf of arm64; did you mean 'INST_RETIRED'? (for a leaf give --eax --ebx --ecx --edx)\n",
    );
    const x86 = await cli(['explain', 'x86', 'INST_RETIRED']);
    expect(x86.status).toBe(2);
    expect(x86.stderr).toMatch(/of x86; did you mean 'INST_RETIRED_ANY'\?/);
    const sw = await cli(['explain', 'x86', 'SW_INCR']);
    expect(sw.status).toBe(2);
    expect(sw.stderr).not.toMatch(/did you mean/);
  });

  it("another arch's register is not decoded", async () => {
    const r = await cli(['explain', 'x86', 'PMEVTYPER3_EL0=0x4008']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: 'PMEVTYPER3_EL0=0x4008' is not an event, REGISTER=VALUE/);
    const arm = await cli(['explain', 'arm64', 'PMEVTYPER3_EL0=0x4008', '--json']);
    expect(arm.status).toBe(0);
    expect(JSON.parse(arm.stdout)).toMatchObject({
      kind: 'register',
      register: 'PMEVTYPER<n>_EL0',
    });
  });

  it('the host PMU type a guest run assumes is the input default the tables declare, not a constant', async () => {
    const r = await cli(['explain', 'arm64', 'SW_INCR']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      "a guest programs it on counter 0 (pmumap map arm64; no host is read: host_type = 0x8, the input's default):",
    );
    expect(r.stdout).not.toContain('perf type 8');
  });
});

describe('explain assumes no counter a register does not select', () => {
  it('a plain register that programs a range of counters names the range, not counter 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-explain-range-'));
    mkdirSync(join(dir, 'tables'));
    writeFileSync(
      join(dir, 'tables', 'toy.pmumap'),
      `register CFG : 32 "one configuration register for every counter" {
  31:8 res0
  7:0 event "the event"
}
pmu toy "a pmu whose counters share one configuration register" {
  counter 0..3 programmable via CFG
}
arch mini "a toy" {
  host device "toy" = toy
}
`,
    );
    const r = await cli(['explain', 'mini', 'CFG=0x11', 'tables'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      "CFG programs one of mini's counters 0..3; the value does not say which",
    );
    const j = JSON.parse(
      (await cli(['explain', 'mini', 'CFG=0x11', 'tables', '--json'], dir)).stdout,
    );
    expect(j).toMatchObject({ kind: 'register', counter: null, counterRange: '0..3' });
  });
});
