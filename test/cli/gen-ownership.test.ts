/**
 * gen owns only what it wrote: the manifest it keeps in its output directory
 * (path, target, sha256) says which files it may replace or remove; files it
 * did not write are never deleted or overwritten without --force, and a
 * directory in the way stops it whatever the flags. Each case states the
 * whole tree before and after.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gen, manifestPaths, tinyWork, tree, writtenPaths } from './gen-helpers.ts';

const cache = mkdtempSync(join(tmpdir(), 'pmumap-gen-cache-'));
/** The paths gen writes for the tiny tables, from a first run. */
let paths: string[] = [];
let oneHeader = '';

beforeAll(async () => {
  const work = tinyWork();
  expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
  paths = writtenPaths(join(work, 'out'));
  oneHeader = paths.find((p) => /(^|\/)one\.h$/.test(p)) ?? '';
  expect(oneHeader).not.toBe('');
});

describe('gen output ownership', () => {
  it("keeps a project's own files that sit in the output directory", async () => {
    const work = tinyWork();
    const p = join(work, 'p');
    mkdirSync(join(p, 'notes'), { recursive: true });
    writeFileSync(join(p, 'package.json'), '{}\n');
    writeFileSync(join(p, 'main.h'), '');
    writeFileSync(join(p, 'lib.rs'), '');
    writeFileSync(join(p, 'notes/two.rs'), '// mine\n');
    const r = await gen(work, cache, '--out', 'p');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = tree(p);
    expect(after.get('package.json')).toBe('{}\n');
    expect(after.get('main.h')).toBe('');
    expect(after.get('lib.rs')).toBe('');
    expect(after.get('notes/two.rs')).toBe('// mine\n');
    // A second run (now with a manifest) keeps them too.
    expect((await gen(work, cache, '--out', 'p')).status).toBe(0);
    expect(tree(p)).toEqual(after);
  });

  it('refuses a file it did not write at a generated path, naming it; --force replaces it', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    mkdirSync(join(out, oneHeader, '..'), { recursive: true });
    writeFileSync(join(out, oneHeader), '/* my own header */\n');
    const before = tree(out);
    const r = await gen(work, cache, '--out', 'out');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`'out/${oneHeader}' was not written by gen`);
    expect(r.stderr).toContain('nothing was changed');
    expect(tree(out)).toEqual(before);

    const forced = await gen(work, cache, '--out', 'out', '--force');
    expect(forced.status).toBe(0);
    expect(readFileSync(join(out, oneHeader), 'utf8')).toMatch(/DO NOT EDIT/);
    expect(manifestPaths(out)).toEqual(paths);
  });

  it('refuses a generated file edited since gen wrote it', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    writeFileSync(
      join(work, 'tables/one.pmumap'),
      '// moved\n' + readFileSync(join(work, 'tables/one.pmumap'), 'utf8'),
    );
    writeFileSync(
      join(out, oneHeader),
      readFileSync(join(out, oneHeader), 'utf8') + '// my edit\n',
    );
    const before = tree(out);
    const r = await gen(work, cache, '--out', 'out');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`'out/${oneHeader}' was not written by gen`);
    expect(tree(out)).toEqual(before);
  });

  it('removes a stale file only when gen wrote it, and never one edited since', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    const twos = paths.filter((p) => /(^|\/)two\.[a-z]+$/.test(p));
    expect(twos.length).toBeGreaterThanOrEqual(4);

    // two.pmumap is gone: its files go, and the manifest forgets them.
    const saved = readFileSync(join(work, 'tables/two.pmumap'), 'utf8');
    rmSync(join(work, 'tables/two.pmumap'));
    const r = await gen(work, cache, '--out', 'out');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/removed \d+ no longer generated/);
    for (const p of twos) expect(tree(out).has(p), p).toBe(false);
    for (const p of twos) expect(manifestPaths(out)).not.toContain(p);

    // Again, but one of them was edited after gen wrote it: refused, nothing changed.
    writeFileSync(join(work, 'tables/two.pmumap'), saved);
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    const edited = twos[0] ?? '';
    writeFileSync(join(out, edited), 'edited by hand\n');
    rmSync(join(work, 'tables/two.pmumap'));
    const before = tree(out);
    const refused = await gen(work, cache, '--out', 'out');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`'out/${edited}' was changed since gen wrote it`);
    expect(tree(out)).toEqual(before);
    // --force goes on but keeps the edited file (and forgets it).
    expect((await gen(work, cache, '--out', 'out', '--force')).status).toBe(0);
    expect(readFileSync(join(out, edited), 'utf8')).toBe('edited by hand\n');
    expect(manifestPaths(out)).not.toContain(edited);
    for (const p of twos.slice(1)) expect(tree(out).has(p), p).toBe(false);
  });

  it("--emit ts rewrites only the TypeScript files and keeps the other targets' files and entries", async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    const before = tree(out);
    writeFileSync(
      join(work, 'tables/one.pmumap'),
      '// moved\n' + readFileSync(join(work, 'tables/one.pmumap'), 'utf8'),
    );
    const r = await gen(work, cache, '--out', 'out', '--emit', 'ts');
    expect(r.status).toBe(0);
    const after = tree(out);
    const manifest = JSON.parse(after.get('pmumap-manifest.json') ?? '') as {
      files: { path: string; target: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toEqual(paths);
    const changed = [...after.keys()].filter((p) => after.get(p) !== before.get(p));
    const ts = new Set(manifest.files.filter((f) => f.target === 'ts').map((f) => f.path));
    expect(changed.filter((p) => p !== 'pmumap-manifest.json').every((p) => ts.has(p))).toBe(true);
    expect(changed.length).toBeGreaterThan(1);
    expect((await gen(work, cache, '--out', 'out', '--check', '--emit', 'ts')).status).toBe(0);
    const all = await gen(work, cache, '--out', 'out', '--check');
    expect(all.status).toBe(1);
    // The other targets' files are as the old tables made them (the JSON carries tables lines).
    const others = paths.filter((p) => !ts.has(p) && all.stderr.includes(`${p} (differs)`));
    expect(others.length).toBeGreaterThan(0);
  });

  it('adopts a directory with no manifest whose files carry the DO-NOT-EDIT marker', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    rmSync(join(out, 'pmumap-manifest.json'));
    // An older layout's file, marked; and the project's own, unmarked.
    writeFileSync(
      join(out, 'old-layout.h'),
      '// Code generated by pmumap from tables/gone.pmumap. DO NOT EDIT.\n',
    );
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    writeFileSync(
      join(work, 'tables/one.pmumap'),
      '// moved\n' + readFileSync(join(work, 'tables/one.pmumap'), 'utf8'),
    );
    const r = await gen(work, cache, '--out', 'out');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = tree(out);
    expect(after.has('old-layout.h')).toBe(false);
    expect(after.get('notes.txt')).toBe('mine\n');
    expect(manifestPaths(out)).toEqual(paths);
    expect((await gen(work, cache, '--out', 'out', '--check')).status).toBe(0);
  });

  it('keeps adopting a directory with no manifest after a run of some targets', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    rmSync(join(out, 'pmumap-manifest.json'));
    const one = join(work, 'tables/one.pmumap');
    writeFileSync(one, readFileSync(one, 'utf8').replace('a register', 'a register, edited'));
    expect((await gen(work, cache, '--out', 'out', '--emit', 'ts')).status).toBe(0);
    expect(tree(out).has('pmumap-manifest.json')).toBe(false);
    expect((await gen(work, cache, '--out', 'out', '--emit', 'ts', '--check')).status).toBe(0);
    // The C, JSON and Rust files of the old tables are still recognised as gen's.
    const r = await gen(work, cache, '--out', 'out');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(manifestPaths(out)).toEqual(paths);
  });

  it('refuses, in a directory with no manifest, an unmarked file at a generated path', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    mkdirSync(join(out, oneHeader, '..'), { recursive: true });
    writeFileSync(join(out, oneHeader), '#define MINE 1\n');
    const before = tree(out);
    const r = await gen(work, cache, '--out', 'out');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`'out/${oneHeader}' was not written by gen`);
    expect(tree(out)).toEqual(before);
  });

  it('stops at a directory named like a generated file, even with --force, and writes nothing', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    mkdirSync(join(out, oneHeader), { recursive: true });
    const before = tree(out);
    for (const extra of [[], ['--force']]) {
      const r = await gen(work, cache, '--out', 'out', ...extra);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`'out/${oneHeader}' is a directory; nothing was changed`);
      expect(tree(out)).toEqual(before);
    }
  });

  it('--check verifies the manifest, and --json answers in JSON', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    const ok = await gen(work, cache, '--out', 'out', '--check', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ upToDate: true, files: paths.length, drift: [] });
    const manifest = join(out, 'pmumap-manifest.json');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(/"sha256": "[0-9a-f]/, '"sha256": "_'),
    );
    const text = await gen(work, cache, '--out', 'out', '--check');
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('pmumap-manifest.json (is not a pmumap manifest');
    rmSync(manifest);
    const json = await gen(work, cache, '--out', 'out', '--check', '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      upToDate: false,
      files: paths.length,
      drift: [{ path: 'pmumap-manifest.json', problem: 'missing' }],
    });
    const written = await gen(work, cache, '--out', 'out', '--json');
    expect(written.status).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({
      out: 'out',
      written: [],
      unchanged: paths.length,
    });
  });
});

describe('a manifest gen did not write', () => {
  it('is a file in the way, even when it parses as one (found by the file-system fuzzer, seed 20261210)', async () => {
    const work = tinyWork();
    const p = join(work, 'p');
    mkdirSync(p);
    // Shaped like a manifest, claiming a file, but without the marker gen writes.
    const lookalike = `{"files":[{"path":"package.json","target":"c","sha256":"${'0'.repeat(64)}"}]}`;
    writeFileSync(join(p, 'pmumap-manifest.json'), lookalike);
    const r = await gen(work, cache, '--out', 'p');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: .*pmumap-manifest\.json.*\n$/);
    expect(tree(p)).toEqual(new Map([['pmumap-manifest.json', lookalike]]));
  });
});
