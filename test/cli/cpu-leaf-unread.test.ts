/**
 * `--leaf LEAF[.SUB]=EAX,EBX,ECX,EDX` gives the registers the tables
 * declare at that leaf. A leaf no table declares (0xb, or 0xa.1: leaf 0xA
 * has no subleaves, SDM Vol. 2A CPUID EAX=0AH) is accepted, but nothing
 * reads it: before, the answer went on silently as if the leaf had not been
 * given, so a typo such as `--leaf 0xa.1=...` for leaf 0xA answered for a CPU
 * without arch-perfmon (intel_pmu_init's NO_ARCH_PERFMON) with no word why.
 * Now a warning names the leaf, in the text and in --json's warnings.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const CPU = ['--vendor', 'GenuineIntel', '--family', '6', '--model', '0x1e', '--stepping', '5'];

describe('--leaf of a leaf no table reads', () => {
  it('cpu x86 warns in the text', async () => {
    const r = await cli(['cpu', 'x86', ...CPU, '--leaf', '0xa.1=0x07300403,0,0,0x8603']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '--leaf 0xa.1=0x07300403,0,0,0x8603: no table reads leaf 0xa subleaf 1',
    );
  });

  it('cpu x86 --json carries it in warnings', async () => {
    const r = await cli(['cpu', 'x86', ...CPU, '--leaf', '0xb=1,2,3,4', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { warnings: { message: string }[] };
    expect(j.warnings.map((w) => w.message)).toContain(
      '--leaf 0xb=1,2,3,4: no table reads leaf 0xb subleaf 0, so it changes nothing',
    );
  });

  it('a leaf the tables read gives no such warning', async () => {
    const r = await cli(['cpu', 'x86', ...CPU, '--leaf', '0xa=0x07300403,0,0,0x8603']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('no table reads');
  });

  it('generic x86 given the CPU warns too', async () => {
    const r = await cli([
      'generic',
      'x86',
      '--eax',
      '0x07300403',
      '--ebx',
      '0',
      ...CPU,
      '--leaf',
      '0xb=1,2,3,4',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning: --leaf 0xb=1,2,3,4: no table reads leaf 0xb subleaf 0');
  });
});
