/**
 * `pmumap cpu x86` from raw values: --vendor, --family, --model, --stepping
 * and --hypervisor describe CPUID.0 and CPUID.1, and --leaf may give those
 * leaves too (leaf 0's EAX, the highest basic leaf, has no option of its
 * own). A --leaf that says another CPU than the options is a usage mistake,
 * one line and exit 2: before, the leaf silently won, so `--vendor
 * AuthenticAMD` with an Intel leaf 0 answered with Intel's readers and
 * `--model 0x1e` with a Skylake-X leaf 1 answered for model 0x55.
 *
 * The register values come from the SDM's CPUID layout (Vol. 2A, CPUID
 * EAX=00H: the vendor string in EBX, EDX, ECX; EAX=01H: stepping 3:0, model
 * 7:4, family 11:8, extended model 19:16, ECX bit 31 the hypervisor bit):
 * "GenuineIntel" is EBX 0x756e6547 ("Genu"), EDX 0x49656e69 ("ineI"), ECX
 * 0x6c65746e ("ntel"); 0x00050654 is family 6, model 0x55, stepping 4.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const INTEL_LEAF0 = '0x0=0x16,0x756e6547,0x6c65746e,0x49656e69';
const SKX_LEAF1 = '0x1=0x00050654,0,0x7ffefbff,0';
const INTEL = ['--vendor', 'GenuineIntel'];

async function usageError(argv: string[]): Promise<string> {
  const r = await cli(argv);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('cpu x86: a --leaf for CPUID.0 or CPUID.1 must agree with the raw options', () => {
  it('refuses an Intel leaf 0 with --vendor AuthenticAMD', async () => {
    const line = await usageError([
      'cpu',
      'x86',
      '--vendor',
      'AuthenticAMD',
      '--family',
      '0x19',
      '--model',
      '0x11',
      '--leaf',
      INTEL_LEAF0,
    ]);
    expect(line).toContain('GenuineIntel');
    expect(line).toContain('AuthenticAMD');
  });

  it('refuses a leaf 1 of model 0x55 with --model 0x1e', async () => {
    const line = await usageError([
      'cpu',
      'x86',
      ...INTEL,
      '--family',
      '6',
      '--model',
      '0x1e',
      '--stepping',
      '4',
      '--leaf',
      SKX_LEAF1,
    ]);
    expect(line).toMatch(/model/);
    expect(line).toContain('85');
    expect(line).toContain('30');
  });

  it('refuses a leaf 1 whose stepping is not --stepping (left out: 0)', async () => {
    const line = await usageError([
      'cpu',
      'x86',
      ...INTEL,
      '--family',
      '6',
      '--model',
      '0x55',
      '--leaf',
      SKX_LEAF1,
    ]);
    expect(line).toMatch(/stepping/);
  });

  it('refuses a leaf 1 with the hypervisor bit when --hypervisor is not given', async () => {
    const line = await usageError([
      'cpu',
      'x86',
      ...INTEL,
      '--family',
      '6',
      '--model',
      '0x55',
      '--stepping',
      '4',
      '--leaf',
      '0x1=0x00050654,0,0x80000000,0',
    ]);
    expect(line).toContain('--hypervisor');
  });

  it('takes leaves that say the same CPU: leaf 0 with its EAX, leaf 1 with other ECX bits', async () => {
    const r = await cli([
      'cpu',
      'x86',
      ...INTEL,
      '--family',
      '6',
      '--model',
      '0x55',
      '--stepping',
      '4',
      '--leaf',
      INTEL_LEAF0,
      '--leaf',
      SKX_LEAF1,
      '--leaf',
      '0xa=0x07300404,0,0,0x8603',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect([j['vendor'], j['family'], j['model'], j['stepping']]).toEqual([
      'GenuineIntel',
      6,
      0x55,
      4,
    ]);
  });

  it('generic x86 given the CPU refuses the same disagreement', async () => {
    const line = await usageError([
      'generic',
      'x86',
      '--eax',
      '0x07300404',
      '--ebx',
      '0',
      ...INTEL,
      '--family',
      '6',
      '--model',
      '0x1e',
      '--stepping',
      '4',
      '--leaf',
      SKX_LEAF1,
    ]);
    expect(line).toMatch(/model/);
  });
});
