/**
 * SIGINT and SIGTERM during gen, and what a run killed outright leaves: a
 * real child process is signalled the moment its first entry appears in the
 * output directory (so mid-write), and afterwards the directory is either
 * exactly as before or completely generated, with nothing left behind. A
 * leftover run directory is reported by --check and removed by the next gen.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { gen, manifestPaths, tinyWork, tree } from './gen-helpers.ts';

const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = pathToFileURL(join(ROOT, 'src/cli/main.ts')).href;
const cache = mkdtempSync(join(tmpdir(), 'pmumap-gen-cache-'));

beforeAll(async () => {
  expect((await gen(tinyWork(), cache, '--out', 'out')).status).toBe(0);
});

interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Run `pmumap gen tables --out out` in a child, and send it `signal` when `out` first changes. */
function genSignalledMidWrite(work: string, signal: NodeJS.Signals): Promise<Exit> {
  const script = `
    import { runCli } from ${JSON.stringify(MAIN)};
    const io = { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: process.env };
    const status = await runCli(['gen', 'tables', '--out', 'out'], io);
    process.stderr.write('', () => process.exit(status));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], {
      cwd: work,
      env: { ...process.env, PMUMAP_CACHE_DIR: cache },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const watcher = watch(join(work, 'out'), () => {
      watcher.close();
      child.kill(signal);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('exit', (status, sig) => {
      clearTimeout(timer);
      watcher.close();
      resolve({ status, signal: sig, stderr });
    });
  });
}

describe('gen and signals', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s mid-write leaves the previous files or the new ones, and nothing else',
    async (signal) => {
      const work = tinyWork();
      const out = join(work, 'out');
      expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
      const one = join(work, 'tables/one.pmumap');
      writeFileSync(one, readFileSync(one, 'utf8').replace('a register', 'a register, edited'));
      const before = tree(out);
      const r = await genSignalledMidWrite(work, signal);
      const after = tree(out);
      expect([...after.keys()].filter((p) => /(^|\/)\.|\.tmp$/.test(p))).toEqual([]);
      if (r.status === 0) {
        // The run had finished before the signal came.
        expect((await gen(work, cache, '--out', 'out', '--check')).status).toBe(0);
      } else {
        expect(r.status).toBe(signal === 'SIGINT' ? 130 : 143);
        expect(r.stderr).toBe(
          `pmumap: gen interrupted by ${signal}: the previous files were restored, nothing was changed\n`,
        );
        expect(after).toEqual(before);
      }
    },
  );

  it('--check reports the leftovers of a killed run, and the next gen removes them', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    mkdirSync(join(out, '.pmumap-gen-Ab12Cd/new/c'), { recursive: true });
    writeFileSync(join(out, '.pmumap-gen-Ab12Cd/new/c/one.h'), 'half');
    // Named like one but a link: not gen's, left alone.
    symlinkSync(work, join(out, '.pmumap-gen-Zz99Zz'));
    const check = await gen(work, cache, '--out', 'out', '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('.pmumap-gen-Ab12Cd (leftover of an interrupted gen)');
    expect(check.stderr).not.toContain('Zz99Zz');
    const r = await gen(work, cache, '--out', 'out');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('removed the leftovers of an interrupted gen (.pmumap-gen-Ab12Cd)');
    const after = tree(out);
    expect(after.has('.pmumap-gen-Ab12Cd')).toBe(false);
    expect(after.get('.pmumap-gen-Zz99Zz')).toBe(`<link> ${work}`);
    expect((await gen(work, cache, '--out', 'out', '--check')).status).toBe(0);
  });

  it('accepts the files a killed run had already placed, as its journal lists them', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    const one = join(work, 'tables/one.pmumap');
    writeFileSync(one, readFileSync(one, 'utf8').replace('a register', 'a register, edited'));
    expect((await gen(work, cache, '--out', 'would')).status).toBe(0);
    // Killed (SIGKILL) after placing one new file, before the manifest.
    const placed = manifestPaths(out).find(
      (p) => readFileSync(join(out, p), 'utf8') !== readFileSync(join(work, 'would', p), 'utf8'),
    );
    expect(placed).toBeDefined();
    const path = placed ?? '';
    cpSync(join(work, 'would', path), join(out, path));
    const sha256 = createHash('sha256')
      .update(readFileSync(join(out, path)))
      .digest('hex');
    mkdirSync(join(out, '.pmumap-gen-Qw34Er'));
    writeFileSync(
      join(out, '.pmumap-gen-Qw34Er/journal.json'),
      JSON.stringify({ placing: [{ path, sha256 }] }),
    );
    const r = await gen(work, cache, '--out', 'out');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await gen(work, cache, '--out', 'out', '--check')).status).toBe(0);
  });
});
