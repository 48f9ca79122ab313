/**
 * `pmumap generic x86` for an identified CPU (issue 17): given --family and
 * --model (the vendor is GenuineIntel unless --vendor says otherwise) it
 * answers with intel_pmu_init's model overrides, as `pmumap cpu x86` does;
 * without them it keeps the architectural map and says the overrides were
 * not applied. `cpu x86` from raw values takes --stepping as optional.
 * Expected values come from the kernel lines and documents quoted beside
 * them, never from pmumap's output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

interface GenericAnswer {
  consumer: string;
  events: { perf: string; outcome: string; code: string | null; reason: { code: string } | null }[];
  cpu: { vendor: string; family: number; model: number; stepping: number } | null;
  warnings?: { message: string }[];
}

async function generic(...argv: string[]): Promise<GenericAnswer> {
  const r = await cli(['generic', 'x86', ...argv, '--json']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as GenericAnswer;
}

const event = (a: GenericAnswer, perf: string) => a.events.find((e) => e.perf === perf);

// libcpuid tests/intel/core_1st_gen/lynnfield-i7.test (test/fixtures/cpuid/
// nehalem-lynnfield-i7-860-libcpuid.txt): basic_cpuid[10]=07300403 00000044 00000000 00000603,
// family 6 model 0x1E (intel-family.h INTEL_NEHALEM, "Lynnfield, Clarksfield").
const LYNNFIELD_LEAF = '0xa=0x07300403,0x44,0,0x603';

describe('generic x86 with the CPU: the model overrides', () => {
  it('Lynnfield (06_1EH, EBX bit 6 set): branch-misses is 0x7f89 (AAJ80), not refused', async () => {
    const a = await generic('--leaf', LYNNFIELD_LEAF, '--family', '6', '--model', '0x1e');
    // arch/x86/events/intel/core.c, intel_nehalem_quirk (installed in the
    // INTEL_NEHALEM / _EP / _EX case of intel_pmu_init):
    //   if (ebx.split.no_branch_misses_retired) {
    //           intel_perfmon_event_map[PERF_COUNT_HW_BRANCH_MISSES] = 0x7f89;
    //           ebx.split.no_branch_misses_retired = 0;
    expect(event(a, 'branch-misses')).toMatchObject({ outcome: 'mapped', code: '0x7f89' });
    // DOMAIN-X86-MODELS.md B.4, NEHALEM: FRONTEND 0x0180010e, BACKEND 0x01803fb1.
    expect(event(a, 'stalled-cycles-frontend')?.code).toBe('0x180010e');
    expect(event(a, 'stalled-cycles-backend')?.code).toBe('0x1803fb1');
    expect(a.cpu).toMatchObject({ vendor: 'GenuineIntel', family: 6, model: 0x1e, stepping: 0 });
    // No reader of an Intel CPU reads the stepping: no warning about its default.
    expect(a.warnings).toBeUndefined();
  });

  it('the same leaf without the CPU: the architectural map, and a warning that says so', async () => {
    const a = await generic('--eax', '0x07300403', '--ebx', '0x44');
    // intel_arch_events_quirk removes branch-misses when EBX bit 6 is set
    // and nothing restores it without the model's quirk.
    expect(event(a, 'branch-misses')).toMatchObject({
      outcome: 'refused',
      reason: { code: 'EVENT_UNAVAILABLE' },
    });
    expect(event(a, 'stalled-cycles-backend')?.outcome).toBe('refused');
    expect(a.cpu).toBeNull();
    expect(a.warnings?.map((w) => w.message).join('\n')).toMatch(
      /no CPU was given.*overrides.*were not.*--family, --model/,
    );
  });

  it('Sandy Bridge (06_2AH): stalled-cycles-backend is 0x018001b1', async () => {
    // DOMAIN-X86-MODELS.md B.4: "SANDYBRIDGE, SANDYBRIDGE_X | FRONTEND 0x0180010e
    // (UOPS_ISSUED.ANY,c=1,i=1); BACKEND ev 0xb1 umask 0x01 inv cmask1
    // (UOPS_DISPATCHED.THREAD) = 0x018001b1".
    const a = await generic(
      '--eax',
      '0x07300803',
      '--ebx',
      '0',
      '--family',
      '6',
      '--model',
      '0x2a',
    );
    expect(event(a, 'stalled-cycles-backend')).toMatchObject({
      outcome: 'mapped',
      code: '0x18001b1',
    });
    expect(event(a, 'stalled-cycles-frontend')?.code).toBe('0x180010e');
    // No AAJ80 on Sandy Bridge: EBX bit 6 clear keeps the architectural 0x00c5.
    expect(event(a, 'branch-misses')?.code).toBe('0xc5');
  });

  it('text: the CPU first, then each event answered by the whole-CPU interface', async () => {
    const r = await cli([
      'generic',
      'x86',
      '--leaf',
      LYNNFIELD_LEAF,
      '--family',
      '6',
      '--model',
      '0x1e',
      '--stepping',
      '5',
    ]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'CPU: vendor GenuineIntel, family 6, model 30, stepping 5; answered by intel_cpu_generic',
    );
    const at = lines.findIndex((l) => l.startsWith('BRANCH_MISSES'));
    expect(lines[at + 1]).toMatch(/config = 0x7f89/);
  });

  it('answers as cpu x86 does for the same CPU, --kernel included', async () => {
    const cpu = async (kernel: string) =>
      (
        JSON.parse(
          (
            await cli([
              'cpu',
              'x86',
              ...['--vendor', 'GenuineIntel', '--family', '6', '--model', '0x8f'],
              ...['--leaf', '0xa=0x08300805,0,0xf,0x8604', '--kernel', kernel, '--json'],
            ])
          ).stdout,
        ) as { perf: { generic: Record<string, string | null> } }
      ).perf.generic;
    for (const kernel of ['6.6', '6.7']) {
      const a = await generic(
        ...['--eax', '0x08300805', '--ebx', '0', '--family', '6', '--model', '0x8f'],
        ...['--kernel', kernel],
      );
      const mine = Object.fromEntries(a.events.map((e) => [e.perf, e.code]));
      expect(mine).toEqual(await cpu(kernel));
    }
    // intel_pmu_ref_cycles_ext (v6.7): "intel_perfmon_event_map[PERF_COUNT_HW_REF_CPU_CYCLES] = 0x013c;"
    const spr = ['--eax', '0x08300805', '--ebx', '0', '--family', '6', '--model', '0x8f'];
    expect(event(await generic(...spr, '--kernel', '6.7'), 'ref-cycles')?.code).toBe('0x13c');
  });
});

describe('generic x86 --dump: the CPU a dump describes', () => {
  const LYNNFIELD = 'test/fixtures/cpuid/nehalem-lynnfield-i7-860-libcpuid.txt';

  it('Lynnfield from its libcpuid dump: 0x7f89, stepping 5 from basic_cpuid[1]=000106e5', async () => {
    const a = await generic('--dump', LYNNFIELD);
    expect(event(a, 'branch-misses')?.code).toBe('0x7f89');
    expect(a.cpu).toMatchObject({ family: 6, model: 0x1e, stepping: 5 });
  });

  it('CPUs that answer differently are one line, exit 2, pointing at cpu --dump', async () => {
    // Two Lynnfield CPUs, one with EBX bit 6 (branch misses unavailable) and one without.
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-generic-dump-'));
    const cpu = (n: number, ebx: string) => [
      `CPU ${n}:`,
      '   0x00000000 0x00: eax=0x0000000b ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69',
      '   0x00000001 0x00: eax=0x000106e5 ebx=0x00100800 ecx=0x0098e3fd edx=0xbfebfbff',
      `   0x0000000a 0x00: eax=0x07300403 ebx=${ebx} ecx=0x00000000 edx=0x00000603`,
    ];
    const path = join(dir, 'two.txt');
    writeFileSync(path, [...cpu(0, '0x00000044'), ...cpu(1, '0x00000000')].join('\n') + '\n');
    try {
      const r = await cli(['generic', 'x86', '--dump', path]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/CPUs answer differently \(CPU 0; CPU 1\).*cpu x86 --dump/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--dump with raw values is one line, exit 2', async () => {
    const r = await cli(['generic', 'x86', '--dump', LYNNFIELD, '--eax', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/give --dump or raw values \(--eax\), not both/);
  });
});

describe('a defaulted stepping is named only when the answer depends on it', () => {
  // arch/x86/events/zhaoxin/core.c zhaoxin_pmu_init, case 6:
  //   if ((boot_cpu_data.x86_model == 0x0f && boot_cpu_data.x86_stepping >= 0x0e) ||
  //       boot_cpu_data.x86_model == 0x19) {
  const nano = ['--vendor', 'CentaurHauls', '--family', '6', '--model', '0xf'];
  const leaf = ['--leaf', '0xa=0x07300402,0,0,0x603'];

  it('cpu x86 on family 6 model 0xF from Centaur: a warning names --stepping', async () => {
    const r = await cli(['cpu', 'x86', ...nano, ...leaf, '--json']);
    expect(r.status).toBe(0);
    const a = JSON.parse(r.stdout) as { warnings: { message: string }[] };
    expect(a.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /--stepping was not given, so it is 0 .*stepping 14, 15: give --stepping/,
      ),
    );
    const given = await cli(['cpu', 'x86', ...nano, '--stepping', '14', ...leaf, '--json']);
    const b = JSON.parse(given.stdout) as { warnings: { message: string }[] };
    expect(b.warnings.map((w) => w.message).join('\n')).not.toMatch(/--stepping/);
  });

  it('generic x86 names it too, and not on Intel', async () => {
    const a = await generic('--eax', '0x07300402', '--ebx', '0', ...nano);
    expect(a.warnings?.map((w) => w.message).join('\n')).toMatch(/--stepping was not given/);
    const intel = await generic('--leaf', LYNNFIELD_LEAF, '--family', '6', '--model', '0x1e');
    expect(intel.warnings).toBeUndefined();
  });

  it('cpu x86 without --stepping gives the dump answer for Lynnfield (stepping 5)', async () => {
    const raw = async (...more: string[]) =>
      JSON.parse(
        (
          await cli([
            'cpu',
            'x86',
            ...['--vendor', 'GenuineIntel', '--family', '6', '--model', '0x1e'],
            ...more,
            '--leaf',
            LYNNFIELD_LEAF,
            '--json',
          ])
        ).stdout,
      ) as { perf: unknown; kvmGuest: unknown; stepping: number; warnings: unknown[] };
    const [without, withFive] = [await raw(), await raw('--stepping', '5')];
    expect(without.stepping).toBe(0);
    expect(without.perf).toEqual(withFive.perf);
    expect(without.kvmGuest).toEqual(withFive.kvmGuest);
    expect(without.warnings).toEqual([]);
  });

  it('--help says the stepping defaults to 0', async () => {
    const r = await cli(['cpu', 'x86', '--help']);
    expect(r.stdout).toContain('[--stepping N]');
    expect(r.stdout).toMatch(/--stepping N +the stepping.*\(default 0;/);
  });
});

describe('pmumap commands names the identity clause', () => {
  it('generic x86 lists the CPU options and the slot that answers for a CPU', async () => {
    const r = await cli(['commands', '--json']);
    const rows = (
      JSON.parse(r.stdout) as {
        commands: {
          command: string;
          arch: string;
          identity?: { command: string; slot: string };
          options: { option: string; default: string | null }[];
        }[];
      }
    ).commands;
    const row = rows.find((x) => x.command === 'generic' && x.arch === 'x86');
    expect(row?.identity).toEqual({ command: 'cpu', slot: 'generic' });
    expect(row?.options.map((o) => o.option)).toEqual(
      expect.arrayContaining([
        '--eax',
        '--ebx',
        '--vendor',
        '--family',
        '--model',
        '--stepping',
        '--dump',
      ]),
    );
    expect(row?.options.find((o) => o.option === '--vendor')?.default).toBe('GenuineIntel');
    // Commands without the clause keep their rows as they were.
    expect(
      rows.find((x) => x.command === 'generic' && x.arch === 'arm64')?.identity,
    ).toBeUndefined();
  });
});

describe('generic x86 mistakes', () => {
  it.each([
    [
      ['--eax', '1', '--ebx', '0', '--model', '0x1e'],
      /--model describes the CPU, which needs --family too/,
    ],
    [['--family', '6', '--model', '0x1e'], /needs --eax, --ebx \(or their leaf, by --leaf\)/],
    [['--eax', '1', '--leaf', '0xa=1,0,0,0', '--family', '6', '--model', '1'], /given twice/],
    [
      ['--eax', '1', '--ebx', '0', '--vendor', 'Intel', '--family', '6', '--model', '1'],
      /--vendor: expected 12/,
    ],
  ])('%j is one line, exit 2', async (argv, message) => {
    const r = await cli(['generic', 'x86', ...argv]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
