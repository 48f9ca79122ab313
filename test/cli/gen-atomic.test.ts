/**
 * `pmumap gen` writes all or nothing: a failure in the middle of a run
 * leaves every previously generated file as it was and no temporary file
 * behind. The failure is made real: a directory sits where one temporary
 * file of the run must go.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

function snapshot(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((n) => !n.endsWith('.tmp'))
      .map((n) => [n, readFileSync(join(dir, n), 'utf8')]),
  );
}

describe('pmumap gen output safety', () => {
  it('leaves the previous tables untouched when a run fails half-way', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pmumap-gen-'));
    cpSync(join(ROOT, 'tables'), join(work, 'tables'), {
      recursive: true,
      filter: (src) => !src.includes('generated'),
    });
    const out = join(work, 'out');
    const first = await cli(['gen', 'tables', '--out', 'out'], work);
    expect(first.status).toBe(0);
    const before = snapshot(out);
    const names = [...before.keys()].sort();
    expect(names.length).toBeGreaterThan(10);

    // Shift every tables line: every file that carries tables lines changes.
    for (const f of readdirSync(join(work, 'tables'), { recursive: true }).map(String)) {
      if (!f.endsWith('.pmumap')) continue;
      const path = join(work, 'tables', f);
      writeFileSync(path, `// edited\n${readFileSync(path, 'utf8')}`);
    }
    const would = await cli(['gen', 'tables', '--out', 'would'], work);
    expect(would.status).toBe(0);
    const changed = [...snapshot(join(work, 'would'))].filter(([n, t]) => before.get(n) !== t);
    expect(changed.length).toBeGreaterThan(names.length / 2);
    // The run fails on the last file it writes, after all the others.
    const victim = names[names.length - 1] ?? '';
    mkdirSync(join(out, `.${victim}.${process.pid}.tmp`));

    const failed = await cli(['gen', 'tables', '--out', 'out'], work);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/nothing was changed/);
    const after = snapshot(out);
    for (const [name, text] of before) expect(after.get(name), name).toBe(text);
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([
      `.${victim}.${process.pid}.tmp`,
    ]);
  });

  it('gives the same bytes whatever the source order, locale, timezone and working directory', async () => {
    // Two runs: one from the repository with sources in directory order, one
    // from another directory with the files named in reverse, under another
    // TZ and locale.
    const a = mkdtempSync(join(tmpdir(), 'pmumap-det-'));
    const b = mkdtempSync(join(tmpdir(), 'pmumap-det-'));
    const first = await cli(['gen', '--out', a]);
    expect(first.status).toBe(0);
    const files = readdirSync(join(ROOT, 'tables'), { recursive: true })
      .map(String)
      .filter((p) => p.endsWith('.pmumap') && !p.includes('generated') && !p.startsWith('vendor'))
      .map((p) => join(ROOT, 'tables', p))
      .reverse();
    const saved = { TZ: process.env['TZ'], LC_ALL: process.env['LC_ALL'] };
    process.env['TZ'] = 'Pacific/Chatham';
    process.env['LC_ALL'] = 'tr_TR.UTF-8';
    try {
      const second = await cli(['gen', ...files, '--out', b], tmpdir());
      expect(second.status).toBe(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const sa = snapshot(a);
    const sb = snapshot(b);
    expect([...sb.keys()].sort()).toEqual([...sa.keys()].sort());
    for (const [name, text] of sa) expect(sb.get(name), name).toBe(text);
  });
});
