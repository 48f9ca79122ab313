/**
 * The importers write each file's AST along with its text (dsl-writer.ts),
 * and `pmumap import` caches those ASTs for the check that follows: they
 * must be exactly what the parser builds from the text, for every file the
 * shipped data produces, hand-made corner cases included.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilerFingerprint } from '../../src/project/fingerprint.ts';
import { parseFiles } from '../../src/project/parse-files.ts';
import { readSources } from '../../src/project/sources.ts';
import { parse } from '../../src/syntax/parse.ts';
import { importArmData } from '../../src/vendor/arm-data.ts';
import type { ImportResult } from '../../src/vendor/dsl-text.ts';
import { withFile } from '../../src/vendor/dsl-writer.ts';
import { importIntelPerfmon } from '../../src/vendor/intel-perfmon.ts';
import { cli } from '../cli/run-cli.ts';
import { ROOT } from '../helpers.ts';
import { VENDOR_DATA } from './data-dir.ts';

function reader(root: string) {
  return {
    read: (rel: string) => readFileSync(join(root, rel), 'utf8'),
    list: (rel: string) => readdirSync(join(root, rel)),
  };
}

function expectSameAsParser(result: ImportResult): void {
  expect(result.files.length).toBeGreaterThan(0);
  for (const f of result.files) {
    const path = `tables/vendor/x/${f.name}`;
    const parsed = parse({ path, text: f.text });
    expect(parsed.diagnostics, f.name).toEqual([]);
    expect(withFile(f.decls, path), f.name).toStrictEqual(parsed.ast?.decls);
  }
}

describe("the importers' ASTs", () => {
  it('are what the parser builds from every ARM-software/data file', () => {
    const root = join(VENDOR_DATA, 'arm-software-data');
    const { read, list } = reader(root);
    expectSameAsParser(importArmData(read, list, 'ARM-software/data@test'));
  }, 120_000);

  it('are what the parser builds from every intel/perfmon file and mapfile.csv', () => {
    const root = join(VENDOR_DATA, 'intel-perfmon');
    const { read, list } = reader(root);
    const result = importIntelPerfmon(read, list, 'intel/perfmon@test');
    expect(result.files.some((f) => f.name === 'hybrid.pmumap')).toBe(true);
    expectSameAsParser(result);
  }, 120_000);

  it('agree on escapes, control characters and missing fields', () => {
    const files: Record<string, string> = {
      'pmu/odd.json': JSON.stringify({
        cpu: 'Odd "core"\\ \u0007 \u2028',
        cpuid: '0x41fff',
        events: [
          { code: 8, name: 'INST_RETIRED', architectural: true },
          { code: 0x4000, name: 'name with "quotes" and \\ and \n' },
          { code: 0x12345, name: '' },
          { code: 3 },
        ],
      }),
    };
    const result = importArmData(
      (rel) => {
        const text = files[rel];
        if (text === undefined) throw new Error(`ENOENT ${rel}`);
        return text;
      },
      () => Object.keys(files).map((k) => k.slice('pmu/'.length)),
      'test',
    );
    expectSameAsParser(result);
  });
});

describe('pmumap import and the parse cache', () => {
  it('caches the ASTs of what it writes, so the next check parses none of them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'pmumap-import-seed-'));
    const cache = mkdtempSync(join(tmpdir(), 'pmumap-import-cache-'));
    const r = await cli(
      [
        'import',
        'arm-data',
        join(VENDOR_DATA, 'arm-software-data'),
        '--out',
        join(out, 'vendor/arm'),
      ],
      ROOT,
      cache,
    );
    expect(r.status).toBe(0);
    const files = readSources(ROOT, [join(out, 'vendor/arm')]).filter((f) =>
      f.path.includes('pmumap-import-seed-'),
    );
    expect(files.length).toBeGreaterThan(40);
    const seeded = await parseFiles(files, {
      cacheDir: cache,
      fingerprint: compilerFingerprint(),
      threads: 1,
    });
    expect(seeded.counts).toEqual({ cached: files.length, here: 0, workers: 0 });
    for (const f of files) expect(seeded.results.get(f.path)).toStrictEqual(parse(f));
  }, 120_000);
});
