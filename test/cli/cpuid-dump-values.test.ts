/**
 * CPUID dump values are exact (issue 14, item 5): a register or leaf field
 * wider than 32 bits is an error naming the line (before: `edx=0x000006031`
 * and AIDA64's `0000860399` were read as their first eight digits); a leaf
 * one CPU reports twice with other values is a warning (before: the first
 * silently won); a leaf above the CPU's maximum leaf says so (before: "no
 * CPU reports leaf").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDump } from '../../src/host/cpuid-dump.ts';
import { cli } from './run-cli.ts';

const LEAF0 = '   0x00000000 0x00: eax=0x0000001b ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69';
const LEAFA = '   0x0000000a 0x00: eax=0x08300805 ebx=0x00000000 ecx=0x0000000f edx=0x00008604';

function dumpFile(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-dump-'));
  const path = join(dir, 'd.txt');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('readDump', () => {
  it('reads each format to the exact 32-bit values', () => {
    const text = [
      'CPU 0:',
      LEAFA,
      'CPU 1:',
      'CPUID 0000000A: 08300805-00000000-0000000F-00008604',
      'CPU 2:',
      'CPUID 0000000a:00 = 08300805 00000000 0000000f 00008604',
      'CPU 3:',
      '<register eax="0000000A" ecx="00000000">08300805,00000000,0000000F,00008604</register>',
      'CPU 4:',
      'basic_cpuid[10]=08300805 00000000 0000000f 00008604',
    ].join('\n');
    const { cpus, notes } = readDump(text);
    expect(notes).toEqual([]);
    expect(cpus.map((c) => [c.label, c.leaves.get('a:0')])).toEqual(
      [0, 1, 2, 3, 4].map((i) => [`CPU ${i}`, [0x08300805, 0, 0xf, 0x8604]]),
    );
  });

  it.each([
    [
      `${LEAFA.slice(0, -10)}0x000006031`,
      'edx 000006031 has 9 hex digits; a CPUID value is 32 bits (at most 8 digits)',
    ],
    [
      'CPUID 0000000A: 07300403-00000000-00000000-0000860399',
      'edx 0000860399 has 10 hex digits; a CPUID value is 32 bits (at most 8 digits)',
    ],
    [
      '   0x10000000a 0x00: eax=0x08300805 ebx=0x00000000 ecx=0x0000000f edx=0x00008604',
      'leaf 10000000a has 9 hex digits; a CPUID value is 32 bits (at most 8 digits)',
    ],
    [
      'basic_cpuid[4294967306]=08300805 00000000 0000000f 00008604',
      'leaf 4294967306 does not fit in 32 bits',
    ],
  ])('refuses a value wider than 32 bits: %s', (line, message) => {
    const { cpus, notes } = readDump(`CPU 0:\n${line}\n`);
    expect(notes).toEqual([{ severity: 'error', line: 2, message }]);
    expect(cpus).toEqual([]);
  });

  it('warns when a CPU reports a leaf again with other values, and keeps the first', () => {
    const again = LEAFA.replace('edx=0x00008604', 'edx=0x00008603');
    const { cpus, notes } = readDump(['CPU 0:', LEAFA, LEAFA, again].join('\n'));
    expect(notes).toEqual([
      {
        severity: 'warning',
        line: 4,
        message:
          'CPU 0 reports leaf 0xa subleaf 0 again with other values: edx 0x00008603 (was 0x00008604); the values of line 2 are used',
      },
    ]);
    expect(cpus[0]?.leaves.get('a:0')?.[3]).toBe(0x8604);
  });
});

describe('pmumap cpuid --dump', () => {
  it('a value wider than 32 bits is one line naming the file and line, exit 2', async () => {
    const path = dumpFile([LEAF0, `${LEAFA.slice(0, -10)}0x000006031`]);
    const r = await cli(['cpuid', '0xa', '--dump', path]);
    expect(r.stderr).toBe(
      `pmumap: ${path}:2: edx 000006031 has 9 hex digits; a CPUID value is 32 bits (at most 8 digits)\n`,
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('a leaf reported twice with other values is a warning, and the first values answer', async () => {
    const path = dumpFile([LEAF0, LEAFA, LEAFA.replace('edx=0x00008604', 'edx=0x00000003')]);
    const r = await cli(['cpuid', '0xa', '--dump', path, '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `pmumap: warning: ${path}:3: CPU reports leaf 0xa subleaf 0 again with other values: edx 0x00000003 (was 0x00008604); the values of line 2 are used\n`,
    );
    const json = JSON.parse(r.stdout) as { answers: { fixedCounters: Record<string, number[]> }[] };
    expect(json.answers[0]?.fixedCounters['sdm']).toEqual([0, 1, 2, 3]);
  });

  it('a leaf above the maximum leaf the CPU reports says so', async () => {
    const path = dumpFile([
      'CPU 0:',
      LEAF0.replace('eax=0x0000001b', 'eax=0x00000006'),
      LEAFA,
      'CPU 1:',
      LEAF0.replace('eax=0x0000001b', 'eax=0x00000006'),
    ]);
    const r = await cli(['cpuid', '0xa', '--dump', path]);
    expect(r.stderr).toBe(
      `pmumap: ${path}: no CPU in the dump reports CPUID leaf 0xa: leaf 0xa is above the maximum leaf 0x6 that CPU 0, CPU 1 report (EAX of leaf 0x0)\n`,
    );
    expect(r.status).toBe(1);
  });

  it('names the CPUs left out when others answer', async () => {
    const path = dumpFile([
      'CPU 0:',
      LEAF0,
      LEAFA,
      'CPU 1:',
      LEAF0.replace('eax=0x0000001b', 'eax=0x00000006'),
      LEAFA,
    ]);
    const r = await cli(['cpuid', '0xa', '--dump', path]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `pmumap: note: ${path}: leaf 0xa is above the maximum leaf 0x6 that CPU 1 reports (EAX of leaf 0x0); left out\n`,
    );
    expect(r.stdout).toMatch(/^CPU 0:\n/);
  });
});

describe('pmumap verify', () => {
  it('a dump with a value wider than 32 bits fails its case, naming the line', async () => {
    const path = dumpFile([LEAF0, 'CPUID 0000000A: 07300403-00000000-00000000-0000860399']);
    const r = await cli(['verify', path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'parses: line 2: edx 0000860399 has 10 hex digits; a CPUID value is 32 bits (at most 8 digits)\n',
    );
  });
});
