/**
 * `host marker`: a perf PMU device that names the arch but is never a core
 * PMU. On an x86 VM without a vPMU, init_hw_perf_events registers no `cpu`
 * (check_hw_exists finds no working counters), but msr_init registers `msr`
 * whenever the CPU has a TSC (arch/x86/events/msr.c, torvalds/linux@4c1c9dea2089),
 * so tables/x86/arch.pmumap's `host marker "msr"` says x86 there. The fixture
 * is this project's own VM (test/fixtures/sysfs/README.md, 7c).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import type { SourceFile } from '../../src/diagnostics/source-file.ts';
import { planHost } from '../../src/query/host-plan.ts';
import { readHost } from '../../src/host/read-host.ts';
import { directorySource } from '../../src/host/sysfs-source.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { ROOT, shipped, shippedSources } from '../helpers.ts';

const VM = 'test/fixtures/sysfs/x86-vm-no-pmu';
const MARKER = /^\s*host marker "msr".*$/m;

function planWith(sources: readonly SourceFile[], sysfs = VM) {
  const result = compile([...sources]);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!result.model) throw new Error('no model');
  const cpuFiles = result.model.archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
  return planHost(loadTables(result.model), readHost(directorySource(join(ROOT, sysfs)), cpuFiles));
}

/** The shipped tables with x86's marker line taken out (the tables before it). */
const withoutMarker = () =>
  shippedSources().map((f) =>
    f.path === 'tables/x86/arch.pmumap' ? { ...f, text: f.text.replace(MARKER, '') } : f,
  );

/** A second arch, compiled before x86 in file order, with the given host items. */
const toy = (items: string): SourceFile => ({
  path: 'tables/a-toy/arch.pmumap',
  text: `import "../linux/host.pmumap"
pmu toy_pmu "a toy core PMU" { }
consumer toy implements host_device "any device with a type" {
  output why = has_type ? HostDevice.CORE_PMU : HostDevice.NO_TYPE
  output compatible = has_type
}
consumer toy implements host_plan "one core PMU: a vPMU" {
  output plan = core_pmus == 1 ? HostPlan.SET_PMU : HostPlan.NONE
  output set_pmu = core_pmus == 1
  output why = core_pmus == 1 ? PlanWhy.HOMOGENEOUS : PlanWhy.NO_CORE_PMU
}
arch toy "a toy architecture" {
  ${items}
  host devices = host_device default toy
  host plan = host_plan default toy
}
`,
});

describe('host marker: an x86 VM without a vPMU', () => {
  it('before the marker, the host is not recognised and msr is UNRECOGNISED', () => {
    const p = planWith(withoutMarker());
    expect(p.arch).toBeNull();
    expect(p.why).toBe('NO_CORE_PMU');
    expect(p.whyText).toMatch(/no device is a core PMU of any architecture/);
    expect(p.pmus.find((d) => d.name === 'msr')?.reason).toBe('UNRECOGNISED');
  });

  it("with it, the host is x86 with no core PMU, and the plan says the marker's text", () => {
    const { model, tables } = shipped();
    const marker = model.archs.find((a) => a.name === 'x86')?.host?.markers?.[0];
    expect(marker?.pattern).toBe('msr');
    const host = readHost(directorySource(join(ROOT, VM)), []);
    const p = planHost(tables, host);
    expect(p.arch).toBe('x86');
    expect(p.plan).toBe('none');
    expect(p.why).toBe('NO_CORE_PMU');
    expect(p.whyText).toBe(marker?.absent);
    expect(p.whyText).toMatch(/perf registered no core PMU/);
    expect(p.uncovered).toEqual([0, 1]);
    expect(p.guest.cycleCounter).toBe(false);
  });

  it('skips msr as not a core PMU (the x86 device judge), never as a candidate', () => {
    const { tables } = shipped();
    const p = planHost(tables, readHost(directorySource(join(ROOT, VM)), []));
    const msr = p.pmus.find((d) => d.name === 'msr');
    expect(msr?.implementation).toBeNull();
    expect(msr?.compatible).toBe(false);
    expect(msr?.reason).toBe('NOT_CORE_DRIVER');
    expect(p.pmus.every((d) => d.reason !== 'UNRECOGNISED')).toBe(true);
  });

  it('with a core PMU the marker changes nothing: amd-zen4 (cpu and msr) still plans x86-vpmu', () => {
    // The Ice Lake fixture has no msr; the AMD one has (type 10), and is x86-vpmu as before.
    const { tables } = shipped();
    const p = planHost(
      tables,
      readHost(directorySource(join(ROOT, 'test/fixtures/sysfs/amd-zen4')), []),
    );
    expect(p.arch).toBe('x86');
    expect(p.plan).toBe('x86-vpmu');
    expect(p.whyText).not.toBe(
      shipped().model.archs.find((a) => a.name === 'x86')?.host?.markers?.[0]?.absent,
    );
  });

  it("a device another arch's `host device` claims wins over x86's marker", () => {
    const p = planWith([
      toy('host device "uprobe" = toy_pmu "a toy core PMU"'),
      ...shippedSources(),
    ]);
    expect(p.arch).toBe('toy');
    expect(p.pmus.find((d) => d.name === 'uprobe')?.implementation).toBe('toy_pmu');
  });

  it('two archs whose markers both name a device here are an ambiguity, not the first arch', () => {
    const p = planWith([toy('host marker "uprobe" absent "no toy PMU"'), ...shippedSources()]);
    expect(p.arch).toBeNull();
    expect(p.why).toBe('AMBIGUOUS_ARCH');
    expect(p.whyText).toContain("'toy' and 'x86' each have a `host marker`");
  });
});

describe('host marker in check', () => {
  it("a marker another arch's item can claim too is PM2340, named as a marker", () => {
    const result = compile([toy('host marker "m*" absent "no toy PMU"'), ...shippedSources()]);
    const overlap = result.diagnostics.filter((d) => d.code === 'PM2340');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]?.message).toContain("host marker 'msr' of 'x86'");
    expect(overlap[0]?.message).toContain("host marker 'm*' of 'toy'");
  });

  it("a marker its own arch's `host device` can claim is PM2490 (a marker is never a core PMU)", () => {
    const result = compile([
      toy('host device "cpu*" = toy_pmu\n  host marker "cpu_*" absent "no toy PMU"'),
      ...shippedSources().filter((f) => !f.path.startsWith('tables/riscv/')),
    ]);
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes).toContain('PM2490');
  });
});
