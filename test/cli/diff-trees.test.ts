/**
 * `pmumap diff` does not depend on where the trees live (issue 16 item 5):
 * the same tables at another path are no difference (disagreement classes
 * named their warnings by file and line: 806 differences for a copy of
 * tables/); `REV:PATH` reads the files a directory walk reads (vendor and
 * generated skipped unless named); archs, pmus, reasons, host rules and
 * examples added or removed are groups; a version whose examples fail
 * still diffs, with the failures in the answer.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const BASE = join(ROOT, 'test/fixtures/diff/base');

function versions(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-diff-trees-'));
  cpSync(BASE, join(dir, 'old'), { recursive: true });
  cpSync(BASE, join(dir, 'new'), { recursive: true });
  const file = join(dir, 'new', 'mini.pmumap');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error('the edit changed nothing: the base fixture moved');
  writeFileSync(file, after);
  return dir;
}

const subjects = (list: { subject: string }[]) => list.map((c) => c.subject);

describe('pmumap diff, wherever the trees are', () => {
  it('the shipped tables and a copy of them elsewhere: exit 0, no difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-diff-copy-'));
    cpSync(join(ROOT, 'tables'), join(dir, 'elsewhere', 'tables'), {
      recursive: true,
      filter: (p) => !p.includes(`${join('tables', 'generated')}`),
    });
    const r = await cli(['diff', join(ROOT, 'tables'), join(dir, 'elsewhere', 'tables'), '--json']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.differences).toBe(0);
    expect(r.status).toBe(0);
  }, 120_000);

  it('REV:PATH reads what a walk of PATH reads: a vendor folder is skipped in both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-diff-rev-'));
    cpSync(BASE, join(dir, 'tables'), { recursive: true });
    // Not tables: compiled, it would fail, so reading it would make diff exit 2.
    mkdirSync(join(dir, 'tables', 'vendor'));
    writeFileSync(join(dir, 'tables', 'vendor', 'junk.pmumap'), 'this is not a tables file\n');
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        stdio: 'ignore',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'tables');
    const r = await cli(['diff', 'HEAD:tables', 'tables'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('pmumap diff HEAD:tables tables: no semantic difference\n');
    expect(r.status).toBe(0);
  });

  it('names archs, pmus, reasons, host rules and examples added', async () => {
    const dir = versions(
      (t) =>
        t.replace(
          '  UNTRANSLATABLE "the host PMU has no event for it"\n',
          '  UNTRANSLATABLE "the host PMU has no event for it"\n  FILTERED "the VMM filters it"\n',
        ) +
        `
pmu toy "a new pmu" { counter 0..3 programmable }

example "INST_RETIRED translates to 0x8c" on guest {
  given event = mini_event.INST_RETIRED
  expect host: perf { config = 0x8c }
}

arch other "a second architecture" {
  command guest = guest default host over event
  host device "toy_*" = toy "the toy driver"
  host marker "msr" absent "no toy core PMU"
}
`,
    );
    const r = await cli(['diff', 'old', 'new', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(subjects(j.archsAdded)).toEqual(['other']);
    expect(subjects(j.pmusAdded)).toEqual(['toy']);
    expect(subjects(j.reasonsAdded)).toEqual(['Refusal.FILTERED']);
    expect(subjects(j.hostRulesAdded)).toEqual([
      'other host device "toy_*"',
      'other host marker "msr"',
    ]);
    expect(subjects(j.examplesAdded)).toEqual(['guest: INST_RETIRED translates to 0x8c']);
    for (const g of ['archsRemoved', 'pmusRemoved', 'reasonsRemoved', 'hostRulesRemoved'])
      expect(j[g], g).toEqual([]);
  });

  it('diffs a version whose example fails, and lists the failure', async () => {
    const dir = versions((t) =>
      t
        .replace('  expect host: perf { config = 0x02 }', '  expect host: perf { config = 0x03 }')
        .replace('mini_event.INST_RETIRED -> 0x8c', 'mini_event.INST_RETIRED -> 0x8e'),
    );
    const r = await cli(['diff', 'old', 'new'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^mappings changed \(1\):\n {2}mini guest --consumer host: INST_RETIRED/m,
    );
    expect(r.stdout).toMatch(/^examples failing in new \(1\):\n {2}PM4\d{3} new\/mini\.pmumap: /m);
    const j = JSON.parse((await cli(['diff', 'old', 'new', '--json'], dir)).stdout);
    expect(j.failures.old).toEqual([]);
    expect(j.failures.new).toHaveLength(1);
  });
});
