/**
 * An AMD x86 host (test/fixtures/sysfs/amd-zen4): its `cpu` PMU has the
 * same name and type as Intel's (perf_pmu_register(&pmu, "cpu",
 * PERF_TYPE_RAW) in arch/x86/events/core.c), and only its event format
 * field tells it apart: PMU_FORMAT_ATTR(event, "config:0-7,32-35") in
 * arch/x86/events/amd/core.c, against Intel's "config:0-7". The tables
 * declare that (`host device "cpu" = amd_core when format event = ...`),
 * and KVM plans the vPMU from the core PMU's capabilities.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHost } from '../../src/host/read-host.ts';
import { directorySource } from '../../src/host/sysfs-source.ts';
import { planHost } from '../../src/query/host-plan.ts';
import { cli } from '../cli/run-cli.ts';
import { ROOT, shipped } from '../helpers.ts';

function planFixture(name: string) {
  const { model, tables } = shipped();
  const cpuFiles = model.archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
  const host = readHost(directorySource(join(ROOT, 'test/fixtures/sysfs', name)), cpuFiles);
  return planHost(tables, host);
}

describe('an AMD x86 host', () => {
  it('is x86, and its cpu device is the AMD core PMU, not the Intel one', () => {
    const p = planFixture('amd-zen4');
    expect(p.arch).toBe('x86');
    const cpu = p.pmus.find((d) => d.name === 'cpu');
    expect(cpu?.implementation).toBe('amd_core');
    expect(cpu?.compatible).toBe(true);
    expect(p.plan).toBe('x86-vpmu');
    expect(p.pmuType).toBe(4);
    expect(p.problems).toEqual([]);
    // KVM on AMD builds the guest from 0x80000001/0x80000022, never from leaf 0xA.
    expect(p.guest.note).toContain('pmumap cpu x86');
    expect(p.guest.note).not.toContain('0xA');
  });

  it("keeps Intel's cpu device (event config:0-7) Intel's", () => {
    const p = planFixture('x86-cpu');
    expect(p.pmus.find((d) => d.name === 'cpu')?.implementation).toBe('intel_core');
  });

  it('declares the AMD item before the Intel one, whose glob also matches "config:0-7,32-35"', () => {
    const x86 = shipped().model.archs.find((a) => a.name === 'x86');
    const cpuItems = x86?.host?.devices.filter((d) => d.pattern === 'cpu') ?? [];
    expect(cpuItems.map((d) => [d.pmu, d.when?.glob])).toEqual([
      ['amd_core', 'config:0-7,32-35'],
      ['intel_core', 'config:0-7*'],
    ]);
  });

  it('pmumap host names the AMD PMU and its events on the command line and in JSON', async () => {
    const sysfs = join(ROOT, 'test/fixtures/sysfs/amd-zen4');
    const text = await cli(['host', '--sysfs', sysfs]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/cpu\s+type 4\s+cpus 0-7\s+compatible \(amd_core, 8 events\)/);
    expect(text.stdout).toContain('x86-vpmu with cpu (type 4)');
    const json = await cli(['host', '--sysfs', sysfs, '--json']);
    const plan = JSON.parse(json.stdout) as {
      arch: string;
      plan: string;
      pmus: { name: string; implementation: string | null }[];
    };
    expect(plan.arch).toBe('x86');
    expect(plan.plan).toBe('x86-vpmu');
    expect(plan.pmus.find((d) => d.name === 'cpu')?.implementation).toBe('amd_core');
  });
});
