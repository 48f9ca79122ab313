/**
 * Tables stay inside their roots: an import that is absolute or climbs
 * past the directories named on the command line is PM2314 and is never
 * read, so no diagnostic quotes a file that is not a tables source; a
 * table path or an imported table that is a FIFO, a device or a link out
 * of the root is one line and exit 2.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSources } from '../../src/project/sources.ts';
import { ROOT } from '../helpers.ts';
import { runIsolated } from './isolated-run.ts';
import { cli } from './run-cli.ts';

const SECRET = 'SECRET-LINE-pmumap-must-never-print-this';

/** A project with tables/a/*.pmumap and a file outside tables/ that must never be read. */
function project(tables: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-root-'));
  mkdirSync(join(dir, 'tables/a'), { recursive: true });
  writeFileSync(join(dir, 'secret.pmumap'), `${SECRET}\n`);
  writeFileSync(join(dir, 'secret.txt'), `${SECRET}\n`);
  for (const [name, text] of Object.entries(tables)) writeFileSync(join(dir, 'tables', name), text);
  return dir;
}

describe('imports stay inside the tables root', () => {
  it('an absolute import is PM2314 and the file is not read', async () => {
    const dir = project({});
    writeFileSync(
      join(dir, 'tables/a/abs.pmumap'),
      `import "${join(dir, 'secret.pmumap')}"\nenum E : 4 { A = 0 }\n`,
    );
    const r = await cli(['check'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error PM2314');
    expect(r.stderr).toContain(
      `'${join(dir, 'secret.pmumap')}' is outside the tables root 'tables'`,
    );
    expect(r.stderr + r.stdout).not.toContain(SECRET);
    expect(readSources(dir, []).map((f) => f.path)).toEqual(['tables/a/abs.pmumap']);
  });

  it('`..` past the root is PM2314, for .pmumap files and others alike', async () => {
    const dir = project({
      'a/up.pmumap':
        'import "../../secret.pmumap"\nimport "../../secret.txt"\nenum E : 4 { A = 0 }\n',
    });
    const r = await cli(['check'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr.match(/error PM2314/g)).toHaveLength(2);
    expect(r.stderr).toContain("'secret.pmumap' is outside the tables root 'tables'");
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it('a named directory is a root: its imports may not climb out of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-root-'));
    mkdirSync(join(dir, 'mine/a'), { recursive: true });
    writeFileSync(join(dir, 'secret.pmumap'), `${SECRET}\n`);
    writeFileSync(join(dir, 'mine/a/up.pmumap'), 'import "../../secret.pmumap"\n');
    const r = await cli(['check', 'mine'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("'secret.pmumap' is outside the tables root 'mine'");
    expect(r.stderr).not.toContain(SECRET);
  });

  it('a path inside tables/ has tables/ as its root (x86 imports ../linux)', async () => {
    const r = await cli(['check', 'tables/x86/readers.pmumap']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = readSources(ROOT, ['tables/x86/readers.pmumap']);
    expect(files.every((f) => f.roots?.join() === 'tables')).toBe(true);
  });

  it('a .pmumap link to a file outside the root is one line, exit 2, and not read', async () => {
    const dir = project({ 'a/ok.pmumap': 'enum E : 4 { A = 0 }\n' });
    symlinkSync(join(dir, 'secret.pmumap'), join(dir, 'tables/a/link.pmumap'));
    const r = await cli(['check'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "pmumap: 'tables/a/link.pmumap' is a link to a file outside the tables root 'tables'; it is not read\n",
    );
  });

  it('a table larger than 4 MiB is refused before it is read', async () => {
    const dir = project({ 'a/ok.pmumap': 'enum E : 4 { A = 0 }\n' });
    // Sparse: 2 GiB that would take minutes to read and parse.
    writeFileSync(join(dir, 'tables/a/huge.pmumap'), '');
    truncateSync(join(dir, 'tables/a/huge.pmumap'), 2 * 1024 ** 3);
    const started = Date.now();
    const r = await cli(['check'], dir);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "pmumap: tables file 'tables/a/huge.pmumap': 2 GiB, larger than the 4 MiB limit\n",
    );
  });
});

describe('a table path or an imported table that is not a regular file', () => {
  const cases: [string, (dir: string) => void, string[], string][] = [
    [
      'a FIFO as the table path',
      (dir) => execFileSync('mkfifo', [join(dir, 'tables/a/fifo.pmumap')]),
      ['check', 'tables/a/fifo.pmumap'],
      "pmumap: tables file 'tables/a/fifo.pmumap': a FIFO, not a regular file\n",
    ],
    [
      'a FIFO found by the directory walk',
      (dir) => execFileSync('mkfifo', [join(dir, 'tables/a/fifo.pmumap')]),
      ['check'],
      "pmumap: tables file 'tables/a/fifo.pmumap': a FIFO, not a regular file\n",
    ],
    [
      'an imported FIFO',
      (dir) => {
        writeFileSync(join(dir, 'tables/a/main.pmumap'), 'import "imp.pmumap"\n');
        execFileSync('mkfifo', [join(dir, 'tables/a/imp.pmumap')]);
      },
      ['check', 'tables/a/main.pmumap'],
      "pmumap: tables file 'tables/a/imp.pmumap': a FIFO, not a regular file\n",
    ],
    [
      '/dev/zero as the table path',
      () => undefined,
      ['check', '/dev/zero'],
      "pmumap: tables file '../../../dev/zero': a character device, not a regular file\n",
    ],
    [
      'an imported link to /dev/urandom',
      (dir) => {
        writeFileSync(join(dir, 'tables/a/main.pmumap'), 'import "imp.pmumap"\n');
        symlinkSync('/dev/urandom', join(dir, 'tables/a/imp.pmumap'));
      },
      ['check', 'tables/a/main.pmumap'],
      "pmumap: 'tables/a/imp.pmumap' is a link to a file outside the tables root 'tables'; it is not read\n",
    ],
  ];
  const cache = mkdtempSync(join(tmpdir(), 'pmumap-cache-'));
  it.each(cases)(
    '%s: one line, exit 2, within a second',
    (_name, make, argv, line) => {
      const dir = project({});
      make(dir);
      const r = runIsolated(argv, { cwd: dir, cacheDir: cache });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.ms).toBeLessThan(1000);
      expect(r.stderr.replace(/'(\.\.\/)+dev\//, "'../../../dev/")).toBe(line);
    },
    30_000,
  );
});
