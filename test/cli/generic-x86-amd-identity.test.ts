/**
 * `pmumap generic x86` given the CPU hands the question to `cpu x86`'s
 * generic slot for the CPU's vendor. For AMD and Hygon that slot is
 * amd_cpu_generic (amd_pmu_event_map: the Zen maps by family, read in
 * torvalds/linux arch/x86/events/amd/core.c), which reads no CPUID.0xA
 * register: Linux does not consult leaf 0xA on AMD. The command still
 * demanded --eax and --ebx (leaf 0xA's) and then ignored them silently.
 * Now an AMD CPU needs only its identity, and --eax/--ebx given for it draw
 * a warning that nothing reads them. An Intel CPU still needs them
 * (intel_cpu_generic reads leaf 0xA's EBX event mask).
 *
 * Expected values: amd_zen2_perfmon_event_map / amd_zen4_perfmon_event_map
 * [PERF_COUNT_HW_CPU_CYCLES] = 0x0076, [PERF_COUNT_HW_INSTRUCTIONS] = 0x00c0.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const GENOA = ['--vendor', 'AuthenticAMD', '--family', '0x19', '--model', '0x11'];

describe('generic x86 for an AMD CPU: leaf 0xA is not asked for', () => {
  it('answers from the identity alone', async () => {
    const r = await cli(['generic', 'x86', ...GENOA, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      cpu: { interface: string };
      events: { perf: string; code: string | null }[];
      warnings?: unknown[];
    };
    expect(j.cpu.interface).toBe('amd_cpu_generic');
    expect(j.events.find((e) => e.perf === 'cpu-cycles')?.code).toBe('0x76');
    expect(j.events.find((e) => e.perf === 'instructions')?.code).toBe('0xc0');
    expect(j.warnings ?? []).toEqual([]);
  });

  it('warns that --eax and --ebx are not read for it', async () => {
    const r = await cli(['generic', 'x86', ...GENOA, '--eax', '0x07300403', '--ebx', '0']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning: --eax, --ebx are not read for this CPU');
  });

  it('an Intel CPU still needs them', async () => {
    const r = await cli(['generic', 'x86', '--family', '6', '--model', '0x1e']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs --eax, --ebx');
  });
});
