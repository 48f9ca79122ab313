/**
 * `pmumap cpuid`, `cpuid disagree` and `verify` on real dumps. Expected
 * readings come from test/fixtures/cpuid/expect.json, each with the rule
 * it follows; the disagreement classes are the ones DOMAIN.md 10.5 and
 * the fixed counter 3 thread describe.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disagreements } from '../../src/query/disagreements.ts';
import { ROOT, shipped } from '../helpers.ts';
import { cli } from './run-cli.ts';

describe('pmumap cpuid 0xa', () => {
  it('prints the documented keys for Clearwater Forest (fixed mask 0x77)', async () => {
    const r = await cli([
      'cpuid',
      '0xa',
      '--eax',
      '0x08300806',
      '--ebx',
      '0',
      '--ecx',
      '0x77',
      '--edx',
      '0x8603',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, any>;
    expect(j['decoded']).toEqual({
      version: 6,
      gpCounters: 8,
      gpWidth: 48,
      ebxLength: 8,
      fixedMask: '0x77',
      fixedCount: 3,
      fixedWidth: 48,
      anythreadDeprecated: true,
    });
    expect(j['fixedCounters']).toMatchObject({
      sdm: [0, 1, 2, 4, 5, 6],
      'linux-perf': [0, 1, 2, 4, 5, 6],
      'kvm-legacy': [0, 1, 2],
      'kvm-mediated': [0, 1, 2],
    });
    expect(j['kvmGuest']['legacy']).toEqual({
      eax: '0x8300802',
      ebx: '0x0',
      ecx: '0x0',
      edx: '0x8603',
    });
    const codes = (
      j['mappings'] as { consumer: string; counter: number; reason: { code: string } | null }[]
    )
      .filter((m) => m.consumer === 'kvm-legacy')
      .map((m) => m.reason?.code ?? 'perf');
    expect(codes).toEqual([
      'perf',
      'perf',
      'perf',
      'NO_GENERIC_EVENT',
      'ABOVE_KVM_LIMIT',
      'ABOVE_KVM_LIMIT',
      'ABOVE_KVM_LIMIT',
    ]);
    expect(j['events']).toHaveLength(13);
  });

  it('--hypervisor changes what perf assumes on v2-v4 (intel_pmu_init)', async () => {
    const bare = JSON.parse(
      (
        await cli([
          'cpuid',
          '0xa',
          '--eax',
          '0x07300803',
          '--ebx',
          '0',
          '--ecx',
          '0',
          '--edx',
          '0',
          '--json',
        ])
      ).stdout,
    );
    const vm = JSON.parse(
      (
        await cli([
          'cpuid',
          '0xa',
          '--eax',
          '0x07300803',
          '--ebx',
          '0',
          '--ecx',
          '0',
          '--edx',
          '0',
          '--hypervisor',
          '--json',
        ])
      ).stdout,
    );
    expect(bare.fixedCounters['linux-perf']).toEqual([0, 1, 2]);
    expect(vm.fixedCounters['linux-perf']).toEqual([]);
    expect(vm.warnings.map((w: { message: string }) => w.message).join('\n')).toMatch(
      /GENMASK_ULL\(-1, 0\)/,
    );
  });

  it('--dump gives one answer per distinct leaf: Meteor Lake P-core and E-cores differ in leaf 0x23', async () => {
    const r = await cli([
      'cpuid',
      '0xa',
      '--dump',
      'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt',
      '--json',
    ]);
    const j = JSON.parse(r.stdout) as {
      answers: { cpus: string[]; fixedCounters: Record<string, number[]> }[];
    };
    // CPU 2 and CPU 20 (compute-tile and SoC-tile E-cores) report the same
    // leaves 0xA, 0x1A (20000002) and 0x23 and differ only in CPUID.1:EBX
    // (the APIC id), which no reader takes: one answer.
    expect(j.answers.map((a) => a.cpus)).toEqual([['CPU 0'], ['CPU 2', 'CPU 20']]);
    expect(j.answers[0]?.fixedCounters['linux-perf']).toEqual([0, 1, 2, 3]);
    expect(j.answers[1]?.fixedCounters['linux-perf']).toEqual([0, 1, 2]);
  });

  it.each([
    [['cpuid'], 'cpuid needs a leaf'],
    [['cpuid', '0xa', '--eax', '1'], '--ebx is missing'],
    [
      ['cpuid', '0xa', '--eax', 'x', '--ebx', '0', '--ecx', '0', '--edx', '0'],
      '--eax: expected a 32-bit number',
    ],
    [
      ['cpuid', '0xa', '--eax', '0x100000000', '--ebx', '0', '--ecx', '0', '--edx', '0'],
      'does not fit in 32 bits',
    ],
    [['cpuid', '0x99', '--eax', '1'], 'the tables describe no CPUID leaf 0x99'],
    [['cpuid', '0xa', '--dump', 'no/such/file'], "cannot read --dump 'no/such/file'"],
  ])('%j is a one-line usage error', async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('pmumap cpuid disagree', () => {
  const { model, tables } = shipped();
  const found = disagreements(model, tables, [
    'sdm',
    'linux-perf',
    'kvm-legacy',
    'kvm-mediated',
  ])[0]!;

  it('searches the whole declared space', () => {
    expect(found.space.size).toBe(9 * 2 * 2 * 9 * 128 * 2);
  });

  it('finds the v5 / ECX = 0 / EDX > 0 class: the SDM has counters, perf none (DOMAIN.md 10.5)', () => {
    const c = found.classes.find(
      (x) =>
        x.signature.startsWith('eax.version = 0x5') &&
        x.answers['sdm']!.members.length > 0 &&
        x.answers['linux-perf']!.members.length === 0 &&
        x.witness['ecx.fixed_mask'] === '0x0',
    );
    expect(c).toBeDefined();
  });

  it("finds Clearwater Forest's class: perf and the SDM use a hole-y mask, KVM offers a prefix of 3", () => {
    const c = found.classes.find(
      (x) =>
        x.signature.includes('sdm ⊃ kvm-legacy') &&
        x.answers['sdm']!.members.some((i) => i > 3) &&
        x.answers['kvm-legacy']!.members.length === 3,
    );
    expect(c).toBeDefined();
  });
});

describe('pmumap verify', () => {
  it('passes on the real dumps with their expectations and writes JUnit XML', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'pmumap-junit-')), 'out.xml');
    const r = await cli([
      'verify',
      'test/fixtures/cpuid',
      '--expect',
      'test/fixtures/cpuid/expect.json',
      '--junit',
      junit,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuite name="dumps" tests="\d+" failures="0" time="[\d.]+">/);
    expect(xml).toContain('icelake-client-i7-1065G7.txt: kvm-legacy fixed counters');
  });

  it('fails, exit 1, when an expectation is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-expect-'));
    const { writeFileSync, copyFileSync } = await import('node:fs');
    copyFileSync(
      join(ROOT, 'test/fixtures/cpuid/icelake-client-i7-1065G7.txt'),
      join(dir, 'icl.txt'),
    );
    writeFileSync(
      join(dir, 'expect.json'),
      JSON.stringify({
        cases: [{ dump: 'icl.txt', fixedCounters: { 'kvm-legacy': [0, 1, 2, 3] } }],
      }),
    );
    const r = await cli(['verify', dir, '--expect', join(dir, 'expect.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('kvm-legacy fixed counters: expected [0, 1, 2, 3], got [0, 1, 2]');
  });
});

describe('bad verify and gen arguments', () => {
  it.each([
    ['{"cases": {"x": 1}}', 'top level: expected an object with a "cases" array'],
    ['{"cases": [{"dump": 5}]}', 'cases[0].dump: expected a file name (string)'],
    [
      '{"cases": [{"dump": "d.txt", "fixedCounters": {"sdm": 3}}]}',
      'cases[0].fixedCounters.sdm: expected an array of counter indices',
    ],
  ])('a malformed --expect %s is one line naming the field, exit 2', async (text, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-expect-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'e.json'), text);
    const r = await cli(['verify', 'test/fixtures/cpuid', '--expect', join(dir, 'e.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an --out or --junit path that cannot be written is a usage error', async () => {
    const gen = await cli(['gen', '--out', 'README.md/x']);
    expect(gen.status).toBe(2);
    expect(gen.stderr).toMatch(/cannot write --out '.*README\.md\/x': ENOTDIR/);
    const v = await cli(['verify', 'test/fixtures/cpuid', '--junit', 'README.md/j.xml']);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/cannot write --junit/);
  });
});
