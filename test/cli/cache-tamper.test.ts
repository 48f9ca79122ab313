/**
 * No answer from an unverified cache: an entry whose bytes were edited is a
 * miss, the command answers from the tables, and the entry is rewritten.
 * The edits keep every length, so only a digest of the content catches them.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, runWithEnv, scratch, swapInFile } from './cache-helpers.ts';

const MAP = ['map', 'arm64', '--counter', '0', '--value', '0x8'];

describe('a tampered cache entry', () => {
  it('model entry with an event renamed: map answers from the tables, and the entry is rewritten', async () => {
    const env = { PMUMAP_CACHE_DIR: scratch('cache') };
    const first = await runWithEnv(MAP, env);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('(INST_RETIRED)');

    const tampered = filesIn(env.PMUMAP_CACHE_DIR).filter((p) =>
      swapInFile(p, 'INST_RETIRED', 'FAKE_RETIRED'),
    );
    expect(tampered.length).toBeGreaterThan(0);

    const second = await runWithEnv(MAP, env);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toContain('FAKE_RETIRED');
    expect(second.stdout).toBe(first.stdout);
    for (const p of tampered)
      expect(readFileSync(p, 'latin1').includes('FAKE_RETIRED')).toBe(false);
  });

  it('AST entry with two names of one length swapped: check, map and gen answer from the tables', async () => {
    // Two event names no example or other table mentions: a swap that the
    // tables' own checks cannot see, only the entry's digest.
    const [a, b] = ['MEMORY_ERROR', 'L2D_CACHE_WB'] as const;
    const env = { PMUMAP_CACHE_DIR: scratch('cache') };
    const before = scratch('gen');
    const first = await runWithEnv(['gen', '--out', before], env);
    expect(first.status).toBe(0);
    const header = readFileSync(join(before, 'c/arm64-events.h'), 'utf8');
    expect(header).toContain(`#define PMUMAP_PMUV3_EVENT_${a} 0x1aULL\n`);
    const map = ['map', 'arm64', '--counter', '0', '--value', '0x1a'];
    const mapped = await runWithEnv(map, env);
    expect(mapped.stdout).toContain(`(${a})`);

    // As after an edit to some other table: the whole-result entries are gone, the ASTs stay.
    for (const p of filesIn(env.PMUMAP_CACHE_DIR)) rmSync(p);
    const astDir = join(env.PMUMAP_CACHE_DIR, 'ast');
    const tampered = readdirSync(astDir)
      .map((n) => join(astDir, n))
      .filter((p) => swapInFile(p, a, b));
    expect(tampered.length).toBeGreaterThan(0);
    const tamperedBytes = tampered.map((p) => readFileSync(p));

    const check = await runWithEnv(['check'], env);
    expect(check.status).toBe(0);
    expect((await runWithEnv(map, env)).stdout).toBe(mapped.stdout);
    const after = scratch('gen');
    const second = await runWithEnv(['gen', '--out', after], env);
    expect(second.status).toBe(0);
    expect(readFileSync(join(after, 'c/arm64-events.h'), 'utf8') === header).toBe(true);
    // Rewritten from the source.
    tampered.forEach((p, i) => expect(readFileSync(p).equals(tamperedBytes[i]!)).toBe(false));
  });
});
