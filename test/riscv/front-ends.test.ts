/**
 * RISC-V through every other front-end: `generic riscv` (the host
 * driver's pmu_hw_event_map, drivers/perf/riscv_pmu_sbi.c: SBI code =
 * PERF_COUNT_HW_* + 1, DOMAIN-RISCV.md A.2), `explain riscv` (scoped to
 * riscv's tables, decoding an event_idx), `commands`, `report` and `diff`
 * (the tables without tables/riscv against the shipped ones).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from '../cli/run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'pmumap-riscv-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('generic riscv: each PERF_COUNT_HW_* id and the SBI event_idx the host driver asks for', () => {
  it('maps id n to SBI hardware code n + 1 (pmu_hw_event_map), all ten ids', async () => {
    const r = await cli(['generic', 'riscv', '--json']);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.consumer).toBe('riscv-pmu-sbi');
    expect(answer.events).toHaveLength(10);
    for (const e of answer.events) {
      expect(e.outcome).toBe('mapped');
      expect(BigInt(e.code)).toBe(BigInt(e.id) + 1n);
    }
    expect(answer.events.find((e: { perf: string }) => e.perf === 'ref-cycles').code).toBe('0xa');
  });

  it('an event the SBI implementation refused at boot is refused (pmu_sbi_check_event)', async () => {
    // bit 7: SBI code 7, BUS_CYCLES (PERF_COUNT_HW_BUS_CYCLES, id 6)
    const r = await cli(['generic', 'riscv', '--unsupported', '0x80', '--json']);
    const bus = JSON.parse(r.stdout).events.find((e: { id: number }) => e.id === 6);
    expect(bus.outcome).toBe('refused');
    expect(bus.reason.code).toBe('UNSUPPORTED');
  });
});

describe('explain riscv', () => {
  it('an SBI event: its code, the generic id behind it, and what KVM creates, with no other arch in the answer', async () => {
    const r = await cli(['explain', 'riscv', 'BRANCH_MISSES']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^BRANCH_MISSES = 0x6 in sbi_event/);
    expect(r.stdout).toContain(
      'generic riscv --consumer riscv-pmu-sbi: BRANCH_MISSES -> BRANCH_MISSES',
    );
    // PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES (5)
    expect(r.stdout).toContain('perf { type = 0x0, config = 0x5,');
    expect(r.stdout).not.toMatch(/pmuv3|intel|arm64|x86/i);
  });

  it('an event_idx register value is decoded into type and code', async () => {
    const r = await cli(['explain', 'riscv', 'SBI_EVENT_IDX=0x10013']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/19:16\s+TYPE\s+0x1 \(CACHE\)/);
    expect(r.stdout).toMatch(/15:0\s+CODE\s+0x13/);
  });

  it("another arch's event is not a riscv name", async () => {
    const r = await cli(['explain', 'riscv', 'INST_RETIRED']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('commands, report and diff carry riscv', () => {
  it('commands lists map riscv with the COUNTER_CFG_MATCH arguments as options', async () => {
    const r = await cli(['commands']);
    expect(r.stdout).toContain('pmumap map riscv:');
    for (const option of [
      '--event-idx',
      '--event-data',
      '--counter-base',
      '--counter-mask',
      '--flags',
    ]) {
      expect(r.stdout).toContain(option);
    }
  });

  it('report (md) has the riscv arch, its registers, its pmu and its guest event matrix', async () => {
    const r = await cli(['report', '--format', 'md']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^### riscv \(tables\/riscv\/arch\.pmumap:\d+\)$/m);
    expect(r.stdout).toMatch(/^### SBI_EVENT_IDX \(20 bits/m);
    expect(r.stdout).toMatch(/^### sbi_pmu \(tables\/riscv\/pmus\.pmumap:\d+\)$/m);
    expect(r.stdout).toMatch(/^### riscv: a guest's sbi_event events on counter \d+$/m);
    expect(r.stdout).toMatch(/^### riscv generic: /m);
  });

  it('diff names the arch, pmu, reasons and host rules riscv adds', async () => {
    const old = join(scratch, 'old');
    for (const dir of ['linux', 'arm64', 'x86']) {
      cpSync(join(ROOT, 'tables', dir), join(old, dir), { recursive: true });
    }
    const r = await cli(['diff', old, join(ROOT, 'tables'), '--json']);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout);
    const subjects = (k: string) => d[k].map((x: { subject: string }) => x.subject);
    expect(subjects('archsAdded')).toEqual(['riscv']);
    expect(subjects('pmusAdded')).toEqual(['sbi_pmu']);
    expect(subjects('reasonsAdded').sort()).toEqual([
      'SbiRefusal.SBI_ERR_FAILURE',
      'SbiRefusal.SBI_ERR_INVALID_PARAM',
      'SbiRefusal.SBI_ERR_NOT_SUPPORTED',
    ]);
    expect(subjects('hostRulesAdded')).toEqual(
      expect.arrayContaining([
        'riscv host device "cpu" when format event = "config:0-47"',
        'riscv host device "cpu" when format event = "config:0-55"',
      ]),
    );
    expect(subjects('archsRemoved')).toEqual([]);
    expect(d.newlyRefused).toEqual([]);
    expect(d.mappingsChanged).toEqual([]);
  });
});
