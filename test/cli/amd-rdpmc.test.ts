/**
 * `pmumap amd-rdpmc x86`: a guest's RDPMC on an AMD host (DOMAIN-AMD.md
 * TV-13, §2.4). Newest KVM (torvalds/linux@02918f007792) passes ECX
 * unmasked to amd_check_rdpmc_early, so ECX 0x40000000 is out of range and
 * #GPs; ≈ v5.15 (torvalds/linux@1ebdbeb03efe) masked bits 31:30 first in
 * amd_is_valid_rdpmc_ecx / amd_rdpmc_ecx_to_pmc and read counter 0.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

async function rdpmc(...args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(['amd-rdpmc', 'x86', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('amd-rdpmc x86 (TV-13)', () => {
  it('refuses ECX 0x40000000 on the newest kernel (#GP from amd_check_rdpmc_early)', async () => {
    const j = await rdpmc('--ecx', '0x40000000');
    expect(j).toMatchObject({
      outcome: 'refused',
      consumer: 'kvm',
      reason: { code: 'NOT_IMPLEMENTED' },
    });
  });

  it('reads counter 0 for ECX 0x40000000 on kvm-5.15, which masked bits 31:30', async () => {
    const j = await rdpmc('--ecx', '0x40000000', '--consumer', 'kvm-5.15');
    expect(j).toMatchObject({ outcome: 'software', consumer: 'kvm-5.15', counter: 0 });
  });

  it('reads counter 3 for ECX 3 of a four-counter guest', async () => {
    const j = await rdpmc('--counters', '4', '--ecx', '3');
    expect(j).toMatchObject({ outcome: 'software', consumer: 'kvm', counter: 3 });
  });

  it('refuses ECX 4 of a four-counter guest even once bits 31:30 are masked', async () => {
    const j = await rdpmc('--counters', '4', '--ecx', '0xc0000004', '--consumer', 'kvm-5.15');
    expect(j).toMatchObject({ outcome: 'refused', reason: { code: 'NOT_IMPLEMENTED' } });
  });

  it('masks bits 31:30 up to v6.8 and #GPs from v6.9 (ecb490770ad4 "Don\'t ignore bits 31:30 for RDPMC index on AMD", kvm-x86-pmu-6.9)', async () => {
    const v68 = await rdpmc('--ecx', '0x40000000', '--kernel', '6.8');
    expect(v68).toMatchObject({ consumer: 'kvm-5.15', outcome: 'software', counter: 0 });
    const v69 = await rdpmc('--ecx', '0x40000000', '--kernel', '6.9');
    expect(v69).toMatchObject({
      consumer: 'kvm',
      outcome: 'refused',
      reason: { code: 'NOT_IMPLEMENTED' },
    });
  });
});
