/**
 * The CLI's parse path (worker threads and the per-file AST cache) must give
 * exactly what the plain parser gives, for every file, and a cache entry must
 * never be served for a text other than the one it was made from.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/project/parse-files.ts';
import type { SourceFile } from '../../src/diagnostics/source-file.ts';
import { parse } from '../../src/syntax/parse.ts';
import { ROOT } from '../helpers.ts';

function vendorSources(sub: string): SourceFile[] {
  const dir = join(ROOT, 'tables', 'vendor', sub);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pmumap'))
    .sort()
    .map((f) => ({ path: relative(ROOT, join(dir, f)), text: readFileSync(join(dir, f), 'utf8') }));
}

const scratch = mkdtempSync(join(tmpdir(), 'pmumap-parse-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('parseFiles', () => {
  // The Arm vendor tables: about 300 KB, above the size that starts a worker.
  const files = [
    ...vendorSources('arm'),
    { path: 'bad.pmumap', text: 'core c : pmuv3 {\n  event 0x3c\n}\n' },
  ];

  it('on two threads gives what parse() gives, file by file, errors included', async () => {
    const { results, counts } = await parseFiles(files, { fingerprint: 'test', threads: 2 });
    expect(counts.workers).toBeGreaterThan(0);
    expect(counts.here).toBeGreaterThan(0);
    expect(results.size).toBe(files.length);
    for (const file of files) expect(results.get(file.path)).toEqual(parse(file));
    expect(results.get('bad.pmumap')?.diagnostics[0]?.code).toBe('PM1001');
  }, 60_000);

  it('serves cached ASTs only for the same text, and treats a corrupt entry as a miss', async () => {
    const dir = join(scratch, 'cache');
    const small = files.slice(0, 3);
    await parseFiles(small, { cacheDir: dir, fingerprint: 'test', threads: 1 });
    const entries = readdirSync(join(dir, 'ast'));
    expect(entries).toHaveLength(3);
    for (const e of entries) writeFileSync(join(dir, 'ast', e), 'not v8 data');
    const again = await parseFiles(small, { cacheDir: dir, fingerprint: 'test', threads: 1 });
    expect(again.counts.cached).toBe(0);
    for (const file of small) expect(again.results.get(file.path)).toEqual(parse(file));
    const hit = await parseFiles(small, { cacheDir: dir, fingerprint: 'test', threads: 1 });
    expect(hit.counts).toEqual({ cached: 3, here: 0, workers: 0 });
    for (const file of small) expect(hit.results.get(file.path)).toEqual(parse(file));

    const edited = {
      path: small[0]!.path,
      text: small[0]!.text.replace('id 0x', 'id 0x1'),
    };
    expect(edited.text).not.toBe(small[0]!.text);
    const fromEdit = await parseFiles([edited], { cacheDir: dir, fingerprint: 'test', threads: 1 });
    expect(fromEdit.counts.cached).toBe(0);
    expect(fromEdit.results.get(edited.path)).toEqual(parse(edited));
    const other = await parseFiles(small, { cacheDir: dir, fingerprint: 'other', threads: 1 });
    expect(readdirSync(join(dir, 'ast')).filter((e) => e.endsWith('.v8'))).toHaveLength(7);
    expect(other.counts.cached).toBe(0);
    expect(other.results.get(small[1]!.path)).toEqual(parse(small[1]!));
  });
});
