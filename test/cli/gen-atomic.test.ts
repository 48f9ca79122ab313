/**
 * `pmumap gen` changes its output directory all or nothing: a rename that
 * fails half-way (simulated as the EACCES a file owned by another user in a
 * sticky shared directory gives) puts every replaced file back and says so;
 * no writer follows a link planted at a temporary name; a bad --out is one
 * line and changes nothing. The same tables give the same bytes anywhere.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers.ts';
import { gen, tinyWork, tree, writtenPaths } from './gen-helpers.ts';
import { cli } from './run-cli.ts';

/**
 * Runs `pmumap ARGV` in `cwd` as a user permissions apply to: this process
 * when it is not root, else `nobody` through setpriv (when there is one).
 */
const asAnotherUser = (():
  ((argv: string[], cwd: string) => { status: number | null; stderr: string }) | undefined => {
  const script = `
    const { runCli } = await import(${JSON.stringify(join(ROOT, 'src/cli/main.ts'))});
    const io = { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: process.env };
    const status = await runCli(JSON.parse(process.env.PMUMAP_TEST_ARGV), io);
    process.stderr.write('', () => process.exit(status));
  `;
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const node = [process.execPath, '--import', tsx, '--input-type=module', '-e', script];
  const root = process.getuid?.() === 0;
  if (root && spawnSync('setpriv', ['--version']).status !== 0) return undefined;
  const command = root
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node]
    : node;
  return (argv, cwd) => {
    const r = spawnSync(command[0] ?? '', command.slice(1), {
      cwd,
      // Its own cache, created by that user inside the work folder.
      env: {
        ...process.env,
        HOME: cwd,
        PMUMAP_CACHE_DIR: join(cwd, 'cache'),
        PMUMAP_TEST_ARGV: JSON.stringify(argv),
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: r.status, stderr: r.stderr };
  };
})();

/** When set, decides whether a rename fails (with EACCES) before it happens. */
let failRename: ((from: string, to: string) => boolean) | undefined;

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const renameSync = (from: fs.PathLike, to: fs.PathLike) => {
    if (failRename?.(String(from), String(to)))
      throw Object.assign(new Error(`EACCES: permission denied, rename '${String(to)}'`), {
        code: 'EACCES',
      });
    real.renameSync(from, to);
  };
  return { ...real, renameSync, default: { ...real, renameSync } };
});

const cache = mkdtempSync(join(tmpdir(), 'pmumap-gen-cache-'));
let paths: string[] = [];

beforeAll(async () => {
  const work = tinyWork();
  expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
  paths = writtenPaths(join(work, 'out'));
});

afterEach(() => {
  failRename = undefined;
});

/** A work directory with generated tables in out/, and tables edited so that a run rewrites files. */
async function generatedThenEdited(): Promise<string> {
  const work = tinyWork();
  expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
  const one = join(work, 'tables/one.pmumap');
  writeFileSync(one, readFileSync(one, 'utf8').replace('a register', 'a register, edited'));
  return work;
}

/** Renames whose destination is in the output directory itself (not a private run directory). */
function intoOut(out: string): (to: string) => boolean {
  return (to) => to.startsWith(`${out}/`) && !to.slice(out.length).includes('/.pmumap-gen-');
}

describe('pmumap gen, all or nothing', () => {
  it('puts every replaced file back when a rename fails half-way, and says so', async () => {
    const work = await generatedThenEdited();
    const out = join(work, 'out');
    const before = tree(out);
    let placed = 0;
    const isOut = intoOut(out);
    failRename = (_from, to) => isOut(to) && ++placed === 2;
    const r = await gen(work, cache, '--out', 'out');
    expect(placed).toBeGreaterThanOrEqual(2);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^pmumap: cannot write --out 'out': EACCES on 'out\/[^']+'; the previous files were restored, nothing was changed\n$/,
    );
    // Every file as it was, and nothing else: no temporary file or directory left.
    expect(tree(out)).toEqual(before);
    failRename = undefined;
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
  });

  it.skipIf(!asAnotherUser)(
    'for real: a directory gen may not write into, met half-way, leaves everything as it was',
    async () => {
      // Root ignores permissions: the runs are made as `nobody` (setpriv) when the tests run as root.
      const work = tinyWork();
      chmodSync(work, 0o777);
      const out = join(work, 'out');
      const first = asAnotherUser?.(['gen', 'tables', '--out', 'out'], work);
      expect(first?.stderr).toBe('');
      expect(first?.status).toBe(0);
      const one = join(work, 'tables/one.pmumap');
      writeFileSync(one, readFileSync(one, 'utf8').replace('a register', 'a register, edited'));
      // The last folder gen writes into (paths are placed in order) is read-only.
      const last = dirname(writtenPaths(out).at(-1) ?? '');
      chmodSync(join(out, last), 0o555);
      const before = tree(out);
      const r = asAnotherUser?.(['gen', 'tables', '--out', 'out'], work);
      chmodSync(join(out, last), 0o755);
      expect(r?.status).toBe(2);
      expect(r?.stderr).toMatch(
        new RegExp(
          `^pmumap: cannot write --out 'out': EACCES on 'out/${last}/[^']+'; the previous files were restored, nothing was changed\n$`,
        ),
      );
      expect(tree(out)).toEqual(before);
    },
    45_000,
  );

  it('says which file it could not put back, and keeps it', async () => {
    const work = await generatedThenEdited();
    const out = join(work, 'out');
    let placed = 0;
    const isOut = intoOut(out);
    // The second placement fails, and so does every rename after it (the undoing).
    failRename = (_from, to) => (isOut(to) && ++placed === 2) || placed >= 2;
    const r = await gen(work, cache, '--out', 'out');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /could not restore '[^']+': it is kept in .*\.pmumap-gen-[A-Za-z0-9]{6}/,
    );
    failRename = undefined;
    const check = await gen(work, cache, '--out', 'out', '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/\.pmumap-gen-[A-Za-z0-9]{6} \(leftover of an interrupted gen\)/);
  });

  it('never follows a link planted at a temporary name', async () => {
    const work = tinyWork();
    const out = join(work, 'out');
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    // Where writers used to put their temporary files: .NAME.PID.tmp and NAME.PID.tmp.
    for (const p of paths) {
      mkdirSync(join(out, dirname(p)), { recursive: true });
      symlinkSync(victim, join(out, dirname(p), `.${basename(p)}.${process.pid}.tmp`));
      symlinkSync(victim, join(out, `${p}.${process.pid}.tmp`));
    }
    symlinkSync(victim, join(work, `report.md.${process.pid}.tmp`));
    const before = tree(out);
    expect((await gen(work, cache, '--out', 'out')).status).toBe(0);
    expect(
      (await cli(['report', 'tables', '--format', 'md', '--out', 'report.md'], work, cache)).status,
    ).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    const after = tree(out);
    for (const [path, what] of before) expect(after.get(path), path).toBe(what);
  });

  it.each([
    ['a file', (work: string) => writeFileSync(join(work, 'out'), 'mine\n'), /ENOTDIR \(a file\)/],
    [
      'a dangling link',
      (work: string) => symlinkSync(join(work, 'nowhere'), join(work, 'out')),
      /a dangling symbolic link/,
    ],
    [
      'a path under a file',
      (work: string) => writeFileSync(join(work, 'f'), 'mine\n'),
      /ENOTDIR/,
      'f/out',
    ],
  ])(
    '--out naming %s: one line, exit 2, nothing changed',
    async (_what, make, message, name = 'out') => {
      const work = tinyWork();
      make(work);
      const before = tree(work);
      for (const check of [[], ['--check']]) {
        const r = await gen(work, cache, '--out', name, ...check);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(new RegExp(`^pmumap: cannot write --out '${name}': `));
        expect(r.stderr).toMatch(message);
        expect(tree(work)).toEqual(before);
      }
    },
  );

  it('gives the same bytes whatever the source order, locale, timezone and working directory', async () => {
    // Two runs: one from the repository with sources in directory order, one
    // from another directory with the files named in reverse, under another
    // TZ and locale.
    const a = mkdtempSync(join(tmpdir(), 'pmumap-det-'));
    const b = mkdtempSync(join(tmpdir(), 'pmumap-det-'));
    const first = await cli(['gen', '--out', a], ROOT, cache);
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
      const second = await cli(['gen', ...files, '--out', b], tmpdir(), cache);
      expect(second.status).toBe(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const sa = tree(a);
    const sb = tree(b);
    expect([...sb.keys()].sort()).toEqual([...sa.keys()].sort());
    for (const [name, text] of sa) expect(sb.get(name), name).toBe(text);
  });
});
