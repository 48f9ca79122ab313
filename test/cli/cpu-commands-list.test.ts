/**
 * Issue 17: `pmumap commands` lists the whole-CPU command an arch block
 * declares (`command cpu { ... }` in tables/x86/arch.pmumap), from the model:
 * its identify interface, its options and each vendor block's slots. Before,
 * it listed only the single-interface commands, so `cpu x86` was missing.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface Row {
  arch: string;
  command: string;
  interface: string;
  options: { option: string }[];
  vendors?: { vendors: string[]; slots: { slot: string; interface: string }[] }[];
}

describe('pmumap commands lists whole-CPU commands', () => {
  it('--json has cpu x86 with its raw options and the interfaces each vendor block runs', async () => {
    const r = await cli(['commands', '--json']);
    expect(r.status).toBe(0);
    const rows = (JSON.parse(r.stdout) as { commands: Row[] }).commands;
    const cpu = rows.find((x) => x.command === 'cpu' && x.arch === 'x86');
    expect(cpu?.interface).toBe('x86_identity');
    expect(cpu?.options.map((o) => o.option)).toEqual(
      expect.arrayContaining([
        '--dump',
        '--vendor',
        '--family',
        '--model',
        '--hypervisor',
        '--leaf',
      ]),
    );
    const amd = cpu?.vendors?.find((v) => v.vendors.includes('AMD'));
    expect(amd?.vendors).toEqual(['AMD', 'HYGON']);
    expect(amd?.slots.find((s) => s.slot === 'guest')?.interface).toBe('amd_cpu_kvm');
    expect(cpu?.vendors?.find((v) => v.vendors.includes('INTEL'))?.slots[0]?.interface).toBe(
      'intel_cpu_perf',
    );
  });

  it('the text form names it and its vendors; cpu x86 --help has the same heading', async () => {
    const r = await cli(['commands']);
    expect(r.stdout).toContain('pmumap cpu x86: a whole x86 CPU');
    expect(r.stdout).toMatch(/\n {2}for ZHAOXIN, CENTAUR: perf = zhaoxin_cpu_perf \(linux-perf\)/);
    const help = await cli(['cpu', 'x86', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('pmumap cpu x86: a whole x86 CPU');
  });
});
