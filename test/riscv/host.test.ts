/**
 * `pmumap host` on a RISC-V host (test/fixtures/sysfs/riscv-sbi, made from
 * drivers/perf/riscv_pmu_sbi.c: one perf PMU `cpu`, type PERF_TYPE_RAW,
 * format event config:0-47 and firmware config:62-63, no `cpus` file). x86's
 * non-hybrid core PMU is `cpu` with type 4 too; the tables tell them apart
 * by the `event` format field, so the x86 fixture stays x86 and neither
 * arch claims the other's `cpu`.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from '../cli/run-cli.ts';

const RISCV = join(ROOT, 'test/fixtures/sysfs/riscv-sbi');
const X86 = join(ROOT, 'test/fixtures/sysfs/x86-cpu');
const scratch = mkdtempSync(join(tmpdir(), 'pmumap-riscv-host-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function host(args: string[]) {
  const r = await cli(['host', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('pmumap host on a RISC-V SBI PMU host', () => {
  it('recognises the host as riscv and plans the SBI PMU extension on `cpu`, type 4', async () => {
    const plan = await host(['--sysfs', RISCV]);
    expect(plan.arch).toBe('riscv');
    expect(plan.plan).toBe('sbi-vpmu');
    expect(plan.pmu).toBe('cpu');
    expect(plan.pmuType).toBe(4);
    expect(plan.why).toBe('HOMOGENEOUS');
    expect(plan.uncovered).toEqual([]);
    expect(plan.problems).toEqual([]);
    const cpu = plan.pmus.find((p: { name: string }) => p.name === 'cpu');
    expect(cpu).toMatchObject({ type: 4, implementation: 'sbi_pmu', compatible: true });
    const skipped = plan.pmus.filter((p: { compatible: boolean }) => !p.compatible);
    expect(skipped.map((p: { name: string }) => p.name).sort()).toEqual([
      'kprobe',
      'software',
      'tracepoint',
      'uprobe',
    ]);
    for (const p of skipped) expect(p.reason).toBe('NOT_CORE_DRIVER');
    // Sscofpmf decides whether KVM offers the PMU at all, and sysfs cannot show it.
    expect(JSON.stringify(plan.warnings)).toContain('Sscofpmf');
  });

  it('the guest keeps cycles on counter 0 and instructions on counter 2, as DOMAIN-RISCV.md A.4 #1 and #2 say', async () => {
    const plan = await host(['--sysfs', RISCV]);
    // PERF_TYPE_HARDWARE (0) with PERF_COUNT_HW_CPU_CYCLES (0) and PERF_COUNT_HW_INSTRUCTIONS (1).
    expect(plan.guest.counters).toEqual([
      expect.objectContaining({
        name: 'cycles',
        index: 0,
        kept: true,
        outcome: 'perf type 0, config 0x0',
      }),
      expect.objectContaining({
        name: 'instructions',
        index: 2,
        kept: true,
        outcome: 'perf type 0, config 0x1',
      }),
    ]);
    expect(plan.guest.cycleCounter).toBe(true);
    expect(plan.guest.instructionCounter).toBe(true);
  });

  it('the guest keeps firmware events in software and every named event but the platform firmware one', async () => {
    const plan = await host(['--sysfs', RISCV]);
    expect(plan.guest.mode).toBe('emulated');
    expect(plan.guest.consumer).toBe('kvm');
    // FW code 0xFFFF is past SBI_PMU_FW_MAX (22): kvm_riscv_vcpu_pmu_ctr_cfg_match refuses it.
    expect(plan.guest.refusedEvents).toEqual([
      expect.objectContaining({ event: 'PLATFORM_FW', reason: 'SBI_ERR_NOT_SUPPORTED' }),
    ]);
  });

  it('the RAW_V2 driver (format event config:0-55) is riscv too', async () => {
    const v2 = join(scratch, 'riscv-sbi-v2');
    cpSync(RISCV, v2, { recursive: true });
    writeFileSync(join(v2, 'bus/event_source/devices/cpu/format/event'), 'config:0-55\n');
    const plan = await host(['--sysfs', v2]);
    expect(plan.arch).toBe('riscv');
    expect(plan.plan).toBe('sbi-vpmu');
  });

  it('an x86 host (cpu, format event config:0-7) is still x86 beside the riscv tables', async () => {
    const plan = await host(['--sysfs', X86]);
    expect(plan.arch).toBe('x86');
    expect(plan.plan).toBe('x86-vpmu');
    expect(plan.pmus.find((p: { name: string }) => p.name === 'cpu')?.implementation).toBe(
      'intel_core',
    );
    expect(plan.problems).toEqual([]);
  });

  it('forced to x86, the SBI `cpu` is not x86 core PMU; forced to riscv, the Intel `cpu` is not the SBI PMU', async () => {
    const asX86 = await host(['--sysfs', RISCV, '--arch', 'x86']);
    expect(asX86.pmus.find((p: { name: string }) => p.name === 'cpu')?.compatible).toBe(false);
    expect(asX86.plan).toBe('none');
    const asRiscv = await host(['--sysfs', X86, '--arch', 'riscv']);
    expect(asRiscv.pmus.find((p: { name: string }) => p.name === 'cpu')?.compatible).toBe(false);
    expect(asRiscv.plan).toBe('none');
  });

  it('the text answer names the arch, the plan and the deciding line', async () => {
    const r = await cli(['host', '--sysfs', RISCV]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(': riscv; possible CPUs 0-3, online 0-3');
    expect(r.stdout).toMatch(
      /plan \(kvm, mainline v6\.3 and later\): sbi-vpmu with cpu \(type 4\)/,
    );
    expect(r.stdout).toMatch(/decided by tables\/riscv\/host\.pmumap:\d+/);
  });
});
