/**
 * A CPUID dump without CPUID.0 (the vendor string) or CPUID.1 (the
 * signature) cannot say who the CPU is: `cpu x86 --dump` printed an empty
 * identity line and named the missing tables inputs (vendor_ebx, ...),
 * not the leaves the user has to add to the dump.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-partial-dump-'));
function dump(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ['CPU 0:', ...lines.map((l) => `   ${l}`)].join('\n') + '\n');
  return path;
}
// Lynnfield's leaf 0xA (libcpuid), and CPUID.0 spelling GenuineIntel.
const LEAF_A = '0x0000000a 0x00: eax=0x07300403 ebx=0x00000000 ecx=0x00000000 edx=0x00000603';
const LEAF_0 = '0x00000000 0x00: eax=0x0000000b ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69';

describe('cpu x86 --dump without the leaves that say who the CPU is', () => {
  it('only leaf 0xA: no empty line, and the warning names CPUID.0x0 and CPUID.0x1', async () => {
    const r = await cli(['cpu', 'x86', '--dump', dump('a.txt', [LEAF_A])]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('  unknown CPU (see warnings)');
    expect(r.stdout).toContain(
      'the dump has no CPUID.0x0 or CPUID.0x1, so nothing says who the CPU is',
    );
  });

  it('leaf 0 without leaf 1: the vendor, and a warning naming CPUID.0x1 only', async () => {
    const r = await cli(['cpu', 'x86', '--dump', dump('0a.txt', [LEAF_0, LEAF_A]), '--json']);
    const j = JSON.parse(r.stdout) as {
      answers: { vendor: string; warnings: { message: string }[] }[];
    };
    expect(j.answers[0]?.vendor).toBe('GenuineIntel');
    expect(j.answers[0]?.warnings.map((w) => w.message)).toContain(
      'the dump has no CPUID.0x1, so nothing says who the CPU is (signature unknown)',
    );
  });
});
