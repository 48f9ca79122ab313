/**
 * Without --out, gen writes `generated/` inside the one tables directory it
 * compiles. It used to write ./tables/generated whatever tables it was given,
 * so `pmumap gen OTHER_TREE` in a checkout replaced the shipped outputs (its
 * manifest owned them) with OTHER_TREE's and removed the rest as stale.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gen, tinyWork, tree } from './gen-helpers.ts';
import { cli } from './run-cli.ts';

const cache = mkdtempSync(join(tmpdir(), 'pmumap-gen-cache-'));

describe('gen without --out', () => {
  it('writes generated/ in the tables directory it names, leaving ./tables/generated alone', async () => {
    const work = tinyWork();
    expect((await gen(work, cache)).status).toBe(0);
    const shipped = tree(join(work, 'tables/generated'));
    cpSync(join(work, 'tables'), join(work, 'other'), {
      recursive: true,
      filter: (src) => !src.includes('generated'),
    });
    const r = await cli(['gen', 'other'], work, cache);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('other/generated');
    expect(tree(join(work, 'tables/generated'))).toEqual(shipped);
    expect(tree(join(work, 'other/generated')).size).toBe(shipped.size);
  });

  it('asks for --out when given a tables file or several paths: one line, exit 2', async () => {
    const work = tinyWork();
    for (const argv of [
      ['gen', 'tables/one.pmumap'],
      ['gen', 'tables', 'tables/one.pmumap'],
    ]) {
      const r = await cli(argv, work, cache);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^pmumap: .*--out DIR\n$/);
    }
  });

  it('asks for --out where there is no tables/ to write tables/generated in', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pmumap-gen-empty-'));
    const r = await cli(['gen'], empty, cache);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: no tables\/ here.*--out DIR\n$/);
    expect(tree(empty).size).toBe(0);
  });
});
