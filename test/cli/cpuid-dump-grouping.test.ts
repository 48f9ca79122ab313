/**
 * `cpuid LEAF --dump` gives one answer per group of CPUs that the leaf's
 * readers cannot tell apart, not one per distinct dump. CPUID.1:EBX[31:24]
 * is the initial APIC id, different on every logical CPU (SDM, CPUID leaf
 * 01H); no reader of leaf 0xA takes it, so a 64-CPU dump whose CPUs differ
 * only there is one answer. CPUID.1:ECX[31] (the hypervisor bit) is read
 * (intel_pmu_init trusts EDX under a hypervisor), so it still splits.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const hex = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
function cpuLines(n: number, leaf1Ecx = 0x7ffefbff): string {
  return [
    `CPU ${n}:`,
    '   0x00000000 0x00: eax=0x00000020 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69',
    `   0x00000001 0x00: eax=0x000806f8 ebx=${hex((n << 24) | 0x800)} ecx=${hex(leaf1Ecx)} edx=0xbfebfbff`,
    '   0x0000000a 0x00: eax=0x08300805 ebx=0x00000000 ecx=0x0000000f edx=0x00008604',
  ].join('\n');
}
function dumpFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pmumap-grouping-')), 'dump.txt');
  writeFileSync(file, `${text}\n`);
  return file;
}

describe('cpuid --dump groups CPUs by what the readers read', () => {
  it('64 CPUs that differ only in the APIC id (CPUID.1:EBX) are one answer', async () => {
    const file = dumpFile(Array.from({ length: 64 }, (_, n) => cpuLines(n)).join('\n'));
    const r = await cli(['cpuid', '0xa', '--dump', file, '--json']);
    expect(r.status).toBe(0);
    const { answers } = JSON.parse(r.stdout) as { answers: { cpus: string[] }[] };
    expect(answers).toHaveLength(1);
    expect(answers[0]?.cpus).toEqual(Array.from({ length: 64 }, (_, n) => `CPU ${n}`));
  });

  it('the hypervisor bit (CPUID.1:ECX[31]) is read, so it still tells CPUs apart', async () => {
    const file = dumpFile([cpuLines(0), cpuLines(1, 0xfffefbff)].join('\n'));
    const r = await cli(['cpuid', '0xa', '--dump', file, '--json']);
    expect(r.status).toBe(0);
    const { answers } = JSON.parse(r.stdout) as { answers: { cpus: string[] }[] };
    expect(answers.map((a) => a.cpus)).toEqual([['CPU 0'], ['CPU 1']]);
  });
});
