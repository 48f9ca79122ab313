/**
 * CLI conventions (README "Commands"): `COMMAND --help` for every command,
 * did-you-mean for commands, options and values, own-name look-ups only,
 * --json wherever a command prints, unique timed JUnit cases, `report --out`
 * naming what it wrote, and progress only on a terminal.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const BUILTIN = [
  'check',
  'gen',
  'summary',
  'run',
  'cpuid',
  'host',
  'diff',
  'explain',
  'import',
  'report',
  'verify',
  'commands',
  'consumers',
];

/** The arch commands the tables declare, as `pmumap commands --json` lists them. */
async function archCommands(): Promise<
  { command: string; arch: string; options: { option: string }[] }[]
> {
  const r = await cli(['commands', '--json']);
  return (
    JSON.parse(r.stdout) as {
      commands: { command: string; arch: string; options: { option: string }[] }[];
    }
  ).commands;
}

describe('pmumap COMMAND --help', () => {
  it.each(BUILTIN)('%s --help and -h print its usage and options, exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await cli([name, flag]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: pmumap ${name}\\b`));
      expect(r.stdout).toMatch(
        /\noptions:\n {2}--no-cache +\S.*\n(.*\n)* {2}--help +print this help\n$/,
      );
    }
  });

  it.each(BUILTIN)('%s --help says what each of its options does', async (name) => {
    const r = await cli([name, '--help']);
    const lines = r.stdout
      .slice(r.stdout.indexOf('\noptions:\n') + 10)
      .trimEnd()
      .split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^ {2}--[a-z0-9-]+ +\S/);
  });

  it('cpuid --help names its own options (it used to be "unknown option")', async () => {
    const r = await cli(['cpuid', '--help']);
    expect(r.status).toBe(0);
    for (const o of ['--eax', '--dump', '--consumer', '--consumers', '--json'])
      expect(r.stdout).toContain(o);
  });

  it('help COMMAND is COMMAND --help', async () => {
    expect((await cli(['help', 'verify'])).stdout).toBe((await cli(['verify', '--help'])).stdout);
  });

  it('every arch command the tables declare has --help listing the options the tables give it', async () => {
    const rows = await archCommands();
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      const r = await cli([row.command, row.arch, '--help']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`pmumap ${row.command} ${row.arch}:`);
      for (const o of row.options) expect(r.stdout).toContain(o.option);
    }
    // Without an arch: every arch that declares it.
    const map = await cli(['map', '-h']);
    expect(map.status).toBe(0);
    const archs = rows.filter((x) => x.command === 'map').map((x) => x.arch);
    for (const a of archs) expect(map.stdout).toContain(`pmumap map ${a}:`);
  }, 120_000);
});

describe('own names only, and did-you-mean', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'pmumap %s is an unknown command: one line, exit 2 (it was exit 70)',
    async (name) => {
      const r = await cli([name]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^pmumap: unknown command '${name}'`));
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    },
  );

  it.each(['--constructor', '--__proto__', '--toString'])(
    '%s x is an unknown option of every command',
    async (option) => {
      for (const argv of [
        ['check', option, 'x'],
        ['map', 'arm64', '--counter', '0', '--value', '0', option, 'x'],
        ['cpuid', '0xa', option, 'x'],
      ]) {
        const r = await cli(argv);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`^pmumap: unknown option '${option}'`));
      }
    },
  );

  it.each([
    [['chekc'], /unknown command 'chekc'; did you mean 'check'\?/],
    [['explian', 'arm64', 'CPU_CYCLES'], /did you mean 'explain'\?/],
    [['mpa', 'arm64'], /unknown command 'mpa'; did you mean 'map'\?/],
    [['check', '--jsno'], /unknown option '--jsno'; did you mean '--json'\?/],
    [['map', 'arm64', '--countr', '0', '--value', '0'], /did you mean '--counter'\?/],
    [['cpuid', '0xa', '--dupm', 'x'], /unknown option '--dupm'; did you mean '--dump'\?/],
    [['pmceid', 'arm64', '--pmuver', 'V3P44'], /found 'V3P44'; did you mean 'V3P4'\?/],
    [['pmceid', 'arm64', '--pmuver', 'v3p1'], /did you mean 'V3P1'\?/],
    [
      ['map', 'arm64', '--counter', '0', '--value', '0', '--mode', 'emulatd'],
      /did you mean 'emulated'\?/,
    ],
    [['map', 'armm64', '--counter', '0'], /unknown architecture 'armm64'; did you mean 'arm64'\?/],
    [['explain', 'arm64', 'CPU_CYCELS'], /did you mean 'CPU_CYCLES'\?/],
    [
      ['report', '--format', 'mdd'],
      /--format 'mdd': expected html, md or json; did you mean 'md'\?/,
    ],
    [['check', '--format', 'sarf'], /did you mean 'sarif'\?/],
    [['import', 'arm-dta', '.'], /did you mean 'arm-data'\?/],
    [['run', 'kvm_evtype_writ'], /did you mean 'kvm_evtype_write'\?/],
  ])('%j names the closest', async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('nothing close: no suggestion', async () => {
    const r = await cli(['check', '--zzzzzzzz']);
    expect(r.stderr).not.toContain('did you mean');
  });
});

describe('--json wherever a command prints', () => {
  it('explain ARCH EVENT --json: the event, the tables naming it, the guest chains', async () => {
    const r = await cli(['explain', 'arm64', 'CPU_CYCLES', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      arch: string;
      kind: string;
      events: { name: string; value: string; source: string; guest: unknown[] }[];
    };
    expect(j.arch).toBe('arm64');
    expect(j.kind).toBe('event');
    expect(j.events[0]?.name).toBe('CPU_CYCLES');
    expect(j.events[0]?.value).toBe('0x11');
    expect(j.events[0]?.source).toMatch(/\.pmumap:\d+$/);
  });

  it('explain ARCH REGISTER=VALUE --json: decoded fields with their lines', async () => {
    const r = await cli(['explain', 'arm64', 'PMEVTYPER3_EL0=0x4008', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      kind: string;
      index: number;
      counter: number;
      fields: { name: string; value: string; source: string }[];
    };
    expect(j.kind).toBe('register');
    expect(j.index).toBe(3);
    expect(j.counter).toBe(3);
    expect(j.fields.find((f) => f.name === 'evtCount')).toMatchObject({ value: '0x8' });
  });

  it('explain x86 LEAF --json: registers and every reader', async () => {
    const r = await cli([
      'explain',
      'x86',
      '0xa',
      '--eax',
      '0x08300805',
      '--ebx',
      '0',
      '--ecx',
      '0xf',
      '--edx',
      '0x8604',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      kind: string;
      registers: unknown[];
      commands: { results: { consumer: string }[] }[];
    };
    expect(j.kind).toBe('cpuid');
    expect(j.registers).toHaveLength(4);
    expect(j.commands.length).toBeGreaterThan(0);
    expect(j.commands[0]?.results.length).toBeGreaterThan(1);
  });

  it('verify --json: every case with its time', async () => {
    const r = await cli(['verify', 'test/fixtures/cpuid', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as {
      passed: number;
      failed: number;
      cases: { suite: string; name: string; time: number; failure: null }[];
    };
    expect(j.failed).toBe(0);
    expect(j.passed).toBe(j.cases.length);
    expect(j.cases.every((c) => typeof c.time === 'number' && c.time >= 0)).toBe(true);
  });
});

describe('verify --junit', () => {
  it('every testcase name is unique and has a time, also for a hybrid dump and a repeated expectation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-junit-'));
    copyFileSync(
      join(ROOT, 'test/fixtures/cpuid/meteorlake-ultra7-155H-hybrid.txt'),
      join(dir, 'mtl.txt'),
    );
    // No `cpus`: P-cores and E-cores answer differently, so one expectation covers two groups.
    const expectation = { dump: 'mtl.txt', fixedCounters: { 'kvm-legacy': [] } };
    writeFileSync(join(dir, 'expect.json'), JSON.stringify({ cases: [expectation, expectation] }));
    const junit = join(dir, 'out.xml');
    const r = await cli(['verify', dir, '--expect', join(dir, 'expect.json'), '--junit', junit]);
    expect(r.status).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    const cases = [
      ...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"( time="([\d.]+)")?/g),
    ];
    expect(cases.length).toBeGreaterThan(5);
    const names = cases.map((c) => `${c[1]}/${c[2]}`);
    expect(new Set(names).size).toBe(names.length);
    expect(cases.every((c) => c[4] !== undefined)).toBe(true);
    expect(names.filter((n) => n.startsWith('dumps/mtl.txt [CPU 0')).length).toBeGreaterThan(0);
    expect(names.some((n) => n.endsWith('#2'))).toBe(true);
    expect(xml).toMatch(/<testsuites tests="\d+" failures="0" time="[\d.]+">/);
  }, 60_000);
});

describe('report --out', () => {
  it('prints the path it wrote', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pmumap-report-')), 'r.md');
    const r = await cli(['report', '--format', 'md', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${out.replace(/[.]/g, '\\.')} \\(\\d+ KiB\\)\\n$`));
    expect(readFileSync(out, 'utf8')).toMatch(/^# /m);
  }, 120_000);
});

describe('progress on stderr', () => {
  const cache = mkdtempSync(join(tmpdir(), 'pmumap-cache-'));
  /** Run the CLI with stderr said to be a terminal (or not). */
  async function run(argv: string[], stderrIsTTY: boolean) {
    let stdout = '';
    let stderr = '';
    const status = await runCli(argv, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: ROOT,
      env: { PMUMAP_CACHE_DIR: cache },
      stderrIsTTY,
    });
    return { status, stdout, stderr };
  }

  it('cpuid disagree on a terminal: a progress line, erased at the end; not on a pipe', async () => {
    const argv = ['cpuid', 'disagree', '--consumers', 'sdm,linux-perf', '--json'];
    const tty = await run(argv, true);
    const pipe = await run(argv, false);
    expect(tty.status).toBe(0);
    expect(tty.stdout).toBe(pipe.stdout);
    expect(pipe.stderr).toBe('');
    expect(tty.stderr).toMatch(/^\rpmumap cpuid disagree: comparing the readers/);
    // Erased: the last write blanks the line and returns to its start.
    expect(tty.stderr).toMatch(/\r +\r$/);
  }, 60_000);
});

describe('verify --expect names consumers as own names', () => {
  it('an expectation for a consumer named constructor fails as unknown, not as a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-expect-'));
    copyFileSync(
      join(ROOT, 'test/fixtures/cpuid/icelake-client-i7-1065G7.txt'),
      join(dir, 'icl.txt'),
    );
    writeFileSync(
      join(dir, 'expect.json'),
      JSON.stringify({ cases: [{ dump: 'icl.txt', fixedCounters: { constructor: [0] } }] }),
    );
    const r = await cli(['verify', dir, '--expect', join(dir, 'expect.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('icl.txt: constructor fixed counters: expected [0], got no answer');
  });
});
