/**
 * Only regular files are read from the cache: a FIFO or a symlink where an
 * entry should be is a miss (never a hang, never followed), and the entry is
 * written again as a regular file. The FIFO case runs the CLI in a child
 * process, because a blocking open of a FIFO would hang this one for good.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  lstatSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { filesIn, runWithEnv, scratch } from './cache-helpers.ts';

const CHECK = ['check', join(ROOT, 'tables/arm64/events.pmumap')];

/** Every entry of the cache: the whole-result ones and the per-file ASTs. */
function entries(cache: string): string[] {
  return [...filesIn(cache), ...filesIn(join(cache, 'ast'))];
}

function runInChild(argv: string[], cacheDirectory: string, timeoutMs: number) {
  const script = `
    import { runCli } from ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))};
    const io = {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      cwd: process.cwd(),
      env: process.env,
    };
    process.exitCode = await runCli(JSON.parse(process.env.ARGV), io);
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, PMUMAP_CACHE_DIR: cacheDirectory, ARGV: JSON.stringify(argv) },
    timeout: timeoutMs,
    encoding: 'utf8',
  });
}

describe('special files in the cache', () => {
  it('a FIFO at every entry: a miss within seconds, not a hang, and the entries come back', async () => {
    const cache = scratch('cache');
    const first = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: cache });
    expect(first.status).toBe(0);
    const paths = entries(cache);
    expect(paths.length).toBeGreaterThan(1);
    for (const p of paths) {
      rmSync(p);
      execFileSync('mkfifo', [p]);
    }
    const started = Date.now();
    const child = runInChild(CHECK, cache, 30_000);
    expect(child.signal).toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(child.status).toBe(0);
    expect(child.stdout).toBe(first.stdout);
    for (const p of paths) expect(lstatSync(p).isFile()).toBe(true);
  }, 60_000);

  it('a symlink at every entry, to a valid entry moved elsewhere: not followed, a miss, rewritten', async () => {
    const cache = scratch('cache');
    const first = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: cache });
    expect(first.status).toBe(0);
    const elsewhere = scratch('moved');
    const paths = entries(cache);
    paths.forEach((p, i) => {
      const moved = join(elsewhere, String(i));
      renameSync(p, moved);
      symlinkSync(moved, p);
    });
    const second = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: cache });
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    for (const p of paths) expect(lstatSync(p).isFile()).toBe(true);
    expect(readdirSync(elsewhere)).toHaveLength(paths.length);
  });

  it('a symlink planted where a predictable temporary name would be: never written through', async () => {
    const cache = scratch('cache');
    const first = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: cache });
    expect(first.status).toBe(0);
    const victim = join(scratch('victim'), 'precious.txt');
    writeFileSync(victim, 'keep me\n');
    const paths = entries(cache);
    for (const p of paths) {
      rmSync(p);
      // `<entry>.<pid>.tmp` was the name the cache used to write through.
      symlinkSync(victim, `${p}.${process.pid}.tmp`);
    }
    const second = await runWithEnv(CHECK, { PMUMAP_CACHE_DIR: cache });
    expect(second.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    for (const p of paths) expect(lstatSync(p).isFile()).toBe(true);
  });
});
