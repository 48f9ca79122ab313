/**
 * Where the cache lives and when it is not used: `$PMUMAP_CACHE_DIR`, else
 * the project's node_modules/.cache/pmumap, else the per-user cache, never
 * a shared folder under $TMPDIR; created 0700; a folder others can write or
 * that another user owns is not used, with one note on stderr.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir } from '../../src/project/cache.ts';
import { ROOT } from '../helpers.ts';
import { runWithEnv, scratch } from './cache-helpers.ts';

const CHECK = ['check', join(ROOT, 'tables/arm64/events.pmumap')];

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe('the cache location', () => {
  it('is $PMUMAP_CACHE_DIR, else the project, else $XDG_CACHE_HOME or ~/.cache: never $TMPDIR', () => {
    const project = scratch('project');
    mkdirSync(join(project, 'node_modules'));
    const bare = scratch('elsewhere');
    const home = scratch('home');
    expect(cacheDir(bare, { PMUMAP_CACHE_DIR: '/x/y', HOME: home })).toBe('/x/y');
    expect(cacheDir(project, { HOME: home })).toBe(join(project, 'node_modules/.cache/pmumap'));
    expect(cacheDir(bare, { XDG_CACHE_HOME: '/xdg', HOME: home })).toBe('/xdg/pmumap');
    expect(cacheDir(bare, { HOME: home })).toBe(join(home, '.cache/pmumap'));
    // A relative XDG_CACHE_HOME is invalid (XDG base directory spec): ignored.
    expect(cacheDir(bare, { XDG_CACHE_HOME: 'rel', HOME: home })).toBe(join(home, '.cache/pmumap'));
    expect(cacheDir(bare, { HOME: home })?.startsWith(join(tmpdir(), 'pmumap-cache'))).toBe(false);
  });

  it('outside a project, a run caches in ~/.cache/pmumap, created 0700', async () => {
    const home = scratch('home');
    const cwd = scratch('elsewhere');
    const r = await runWithEnv(CHECK, { HOME: home }, cwd);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const dir = join(home, '.cache/pmumap');
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'ast'))).toBe(0o700);
    expect(readdirSync(dir).length).toBeGreaterThan(1);
    expect(readdirSync(join(dir, 'ast')).length).toBeGreaterThan(0);
  });

  it('creates a missing $PMUMAP_CACHE_DIR 0700', async () => {
    const dir = join(scratch('cache'), 'a/b');
    const r = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: dir });
    expect(r.status).toBe(0);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'ast'))).toBe(0o700);
  });
});

describe('a cache folder that is not private', () => {
  let plain: Promise<{ stdout: string }> | undefined;
  const plainStdout = async () =>
    (await (plain ??= runWithEnv(CHECK, { PMUMAP_CACHE_DIR: scratch('cache') }))).stdout;

  for (const bits of [0o777, 0o770, 0o702]) {
    it(`mode ${bits.toString(8)}: not used, one note, the same answer`, async () => {
      const dir = scratch('cache');
      chmodSync(dir, bits);
      const r = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: dir });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(await plainStdout());
      expect(r.stderr).toBe(
        `pmumap: note: not using the cache ${dir}: it is writable by group or others (chmod 700 it, or delete it)\n`,
      );
      expect(readdirSync(dir)).toEqual([]);
      // Once per process: a second run says nothing more, and still does not use it.
      const again = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: dir });
      expect(again.stderr).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it.runIf(process.getuid?.() === 0)('owned by another user: not used, one note', async () => {
    const dir = scratch('cache');
    chownSync(dir, 65534, 65534);
    const r = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `pmumap: note: not using the cache ${dir}: it is owned by user 65534, not by you (uid 0)\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file where the folder should be: not used, one note', async () => {
    const dir = join(scratch('cache'), 'file');
    writeFileSync(dir, '');
    const r = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^pmumap: note: not using the cache .*file: .*\n$/);
    expect(existsSync(join(dir, 'ast'))).toBe(false);
  });
});
