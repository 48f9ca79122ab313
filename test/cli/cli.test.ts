/**
 * The command line as users meet it: exit statuses (0 ok, 1 table errors,
 * 2 usage), one-line usage errors, no stack traces, gen --check on drift,
 * and a cache that never answers for an edited source.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.ts';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

function copyOfRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-repo-'));
  cpSync(join(ROOT, 'tables'), join(dir, 'tables'), { recursive: true });
  return dir;
}

describe('usage errors', () => {
  it.each([
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['check', '--frob'], "unknown option '--frob'"],
    [['check', 'no/such/dir'], "no such file or directory: 'no/such/dir'"],
    [['gen', '--emit', 'cobol'], "unknown --emit target 'cobol'"],
    [['run'], 'run needs an interface name'],
    [['run', 'fixed_counters', '--set', 'eax=zz'], '--set eax: expected a number below 2^64'],
    [['run', 'fixed_counters', '--set', 'eax=1'], 'missing --set for input(s): ebx, ecx, edx'],
    [['run', 'no_such_interface'], "unknown interface 'no_such_interface'"],
  ])('%j is one line on stderr and exit 2', async (argv, message) => {
    const r = await cli(argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });
});

describe('commands', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });

  it('--help lists every command', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['check', 'gen', 'summary', 'run', 'consumers'])
      expect(r.stdout).toContain(`pmumap ${c}`);
  });

  it('check passes on the shipped tables', async () => {
    const r = await cli(['check']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/file\(s\) checked, no errors/);
  });

  it('check exits 1 with file:line:col diagnostics on a broken table, and --json gives them as data', async () => {
    const dir = copyOfRepo();
    const path = join(dir, 'tables/arm64/pmu-registers.pmumap');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('  30 U "exclude EL0"\n', '  31 U "exclude EL0"\n'),
    );
    const r = await cli(['check'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^tables\/arm64\/pmu-registers\.pmumap:\d+:\d+: error PM2103: field 'U' \[31\] overlaps field 'P' \[31\]/m,
    );
    const j = await cli(['check', '--json'], dir);
    const data = JSON.parse(j.stdout) as {
      errors: number;
      diagnostics: { code: string; file: string; line: number }[];
    };
    expect(data.errors).toBeGreaterThan(0);
    expect(data.diagnostics.map((d) => d.code)).toContain('PM2103');
  });

  it('run answers for every consumer and explains with tables lines', async () => {
    const r = await cli([
      'run',
      'fixed_counters',
      '--set',
      'eax=0x08300806',
      '--set',
      'ebx=0',
      '--set',
      'ecx=0x77',
      '--set',
      'edx=0x8603',
      '--set',
      'hypervisor=false',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout) as {
      results: { consumer: string; outputs: { fixed: string } }[];
    };
    expect(
      Object.fromEntries(data.results.map((x) => [x.consumer, x.outputs.fixed])),
    ).toMatchObject({
      sdm: '0x77',
      'linux-perf': '0x77',
      'kvm-legacy': '0x7',
      'kvm-mediated': '0x7',
    });
  });

  it('consumers lists what each models', async () => {
    const r = await cli(['consumers', '--json']);
    const data = JSON.parse(r.stdout) as { consumers: { name: string; implements: string }[] };
    expect(data.consumers.map((c) => c.name)).toEqual(
      expect.arrayContaining(['kvm', 'kvm-5.18', 'sdm', 'linux-perf', 'kvm-legacy']),
    );
  });
});

describe('gen', () => {
  it('--check passes on the repository and fails on drift, naming the file', async () => {
    expect((await cli(['gen', '--check'])).status).toBe(0);
    const dir = copyOfRepo();
    const path = join(dir, 'tables/generated/json/linux-perf.json');
    writeFileSync(path, readFileSync(path, 'utf8') + ' ');
    const r = await cli(['gen', '--check'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('linux-perf.json (differs)');
    expect(r.stderr).toContain('npm run gen');
  });

  it('writes nothing when the tables have errors', async () => {
    const dir = copyOfRepo();
    const out = join(dir, 'out');
    writeFileSync(join(dir, 'tables/linux/perf.pmumap'), 'enum E : 4 { A = 99 }\n');
    const r = await cli(['gen', '--out', out], dir);
    expect(r.status).toBe(1);
    expect(() => readFileSync(join(out, 'index.ts'))).toThrow();
  });
});

describe('check --summary', () => {
  it('counts warnings per code, and prints errors in full', async () => {
    const warn = await cli([
      'check',
      'test/fixtures/diagnostics/vendor-unimplemented.pmumap',
      '--summary',
    ]);
    expect(warn.status).toBe(0);
    expect(warn.stderr).toBe('');
    expect(warn.stdout).toBe(
      '1 file(s) checked: 0 error(s), 2 warning(s) (PM2605 x2; --short lists them)\n',
    );
    const err = await cli(['check', 'test/fixtures/diagnostics/syntax-error.pmumap', '--summary']);
    expect(err.status).toBe(1);
    expect(err.stderr).toContain('error PM1001');
    expect(err.stdout).toMatch(/^1 file\(s\) checked: 1 error\(s\), 0 warning\(s\)\n$/);
  });
});

describe('cache', () => {
  it('never serves a stale answer: an edited source is recompiled', async () => {
    const dir = copyOfRepo();
    const cache = mkdtempSync(join(tmpdir(), 'pmumap-cache-'));
    expect((await cli(['check'], dir, cache)).status).toBe(0);
    expect((await cli(['check'], dir, cache)).status).toBe(0);
    const path = join(dir, 'tables/x86/readers.pmumap');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'expect kvm-legacy: fixed = 0x7',
        'expect kvm-legacy: fixed = 0x77',
      ),
    );
    const r = await cli(['check'], dir, cache);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PM4001');
  });

  it('treats corrupt cache entries (results and per-file ASTs) as misses', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'pmumap-cache-'));
    const first = await cli(['check'], ROOT, cache);
    const { readdirSync } = await import('node:fs');
    const entries = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    expect(entries.some((e) => e.name.endsWith('.v8'))).toBe(true);
    for (const e of entries) writeFileSync(join(e.parentPath, e.name), '{ not json');
    const again = await cli(['check'], ROOT, cache);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });
});
