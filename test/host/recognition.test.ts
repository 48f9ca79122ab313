/**
 * Host architecture recognition is declared in the tables (issue 16 item
 * 3): a `host device` item claims a device by its name and, with `when`,
 * by one of its attribute files. x86's `cpu` and RISC-V's SBI `cpu` share a
 * name; their `event` format fields differ (Intel "config:0-7",
 * arch/x86/events/intel/core.c; SBI "config:0-47",
 * drivers/perf/riscv_pmu_sbi.c). A toy arch stands for the second one,
 * compiled as tables/a-toy/arch.pmumap so that it comes before tables/x86
 * in file order, where the old planner (first arch wins a tie) picked it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { planHost } from '../../src/query/host-plan.ts';
import { readHost } from '../../src/host/read-host.ts';
import { directorySource } from '../../src/host/sysfs-source.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { ROOT, shippedSources } from '../helpers.ts';

const TOY = readFileSync(join(ROOT, 'test/fixtures/host-recognition/toy.pmumap'), 'utf8');

// The shipped riscv arch claims the SBI `cpu` too (tables/riscv/arch.pmumap,
// tested in test/riscv/); the toy stands for it here, placed before x86 in
// file order, so the shipped riscv tables are left out of this compile.
const withoutRiscv = () => shippedSources().filter((f) => !f.path.startsWith('tables/riscv/'));

function compileWithToy(deviceItem: string) {
  const toy = TOY.replace('host device "cpu" = toy_sbi DEVICE_WHEN', deviceItem);
  return compile([{ path: 'tables/a-toy/arch.pmumap', text: toy }, ...withoutRiscv()]);
}

function plan(deviceItem: string, sysfs: string) {
  const result = compileWithToy(deviceItem);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  if (!result.model) throw new Error('no model');
  const cpuFiles = result.model.archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
  const host = readHost(directorySource(join(ROOT, sysfs)), cpuFiles);
  return planHost(loadTables(result.model), host);
}

const X86_CPU = 'test/fixtures/sysfs/x86-cpu';
const SBI_CPU = 'test/fixtures/host-recognition/sbi-cpu';
const TOY_CPU = 'host device "cpu" = toy_sbi when format event = "config:0-47"';

describe('host recognition declared in the tables', () => {
  it('the toy arch comes first in the model, so file order alone would pick it', () => {
    const names = compileWithToy(TOY_CPU).model?.archs.map((a) => a.name) ?? [];
    expect(names.indexOf('toy')).toBeLessThan(names.indexOf('x86'));
  });

  it('an x86 host (cpu, event config:0-7) is still x86 with a second arch claiming "cpu"', () => {
    const p = plan(TOY_CPU, X86_CPU);
    expect(p.arch).toBe('x86');
    expect(p.pmus.find((d) => d.name === 'cpu')?.implementation).toBe('intel_core');
    expect(p.problems.filter((x) => x.kind === 'ambiguous-arch')).toEqual([]);
  });

  it('an SBI host (cpu, event config:0-47) is the toy arch, and x86 does not claim its cpu', () => {
    const p = plan(TOY_CPU, SBI_CPU);
    expect(p.arch).toBe('toy');
    expect(p.pmus.find((d) => d.name === 'cpu')?.implementation).toBe('toy_sbi');
    const forced = planHost(
      loadTables(compileWithToy(TOY_CPU).model!),
      readHost(directorySource(join(ROOT, SBI_CPU)), []),
      { arch: 'x86' },
    );
    expect(forced.pmus.find((d) => d.name === 'cpu')?.implementation).toBeNull();
  });

  it('two archs claiming "cpu" without telling it apart is PM2340 in check', () => {
    const result = compileWithToy('host device "cpu" = toy_sbi');
    const overlap = result.diagnostics.filter((d) => d.code === 'PM2340');
    // x86 has two `cpu` items (AMD's "config:0-7,32-35" and Intel's "config:0-7*"): one each.
    expect(overlap).toHaveLength(2);
    expect(overlap[0]?.message).toContain("host device 'cpu' of 'x86'");
    expect(overlap[0]?.message).toContain("host device 'cpu' of 'toy'");
  });

  it('overlapping globs and the same `when` glob are PM2340 too; a `when` on a folder the reader has not is PM2005', () => {
    const glob = compileWithToy('host device "c*" = toy_sbi when format event = "config:0-7"');
    // "c*" can be cpu (same `when` glob text), cpu_core, cpu_atom and
    // cpu_lowpower (Arrow Lake-H's third hybrid PMU; no `when`): four pairs.
    expect(glob.diagnostics.filter((d) => d.code === 'PM2340')).toHaveLength(4);
    const dir = compileWithToy('host device "cpu" = toy_sbi when events event = "config:0-47"');
    expect(dir.diagnostics.map((d) => d.code)).toContain('PM2005');
  });

  it('two archs each claiming one device of the host is an ambiguity reported, not the first arch', () => {
    // x86 claims `cpu`, the toy arch claims `power`: one device each.
    const p = plan('host device "power" = toy_sbi', X86_CPU);
    expect(p.arch).toBeNull();
    expect(p.plan).toBe('none');
    expect(p.why).toBe('AMBIGUOUS_ARCH');
    const problem = p.problems.find((x) => x.kind === 'ambiguous-arch');
    expect(problem?.detail).toContain("'toy' and 'x86'");
  });
});
