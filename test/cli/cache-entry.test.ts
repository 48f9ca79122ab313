/**
 * A cache entry is served only when its bytes hash to the digest it was
 * written with, under the name it was written with.
 */
import {
  copyFileSync,
  existsSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEntry, sweepStaleTemporaries, writeEntry } from '../../src/project/cache-entry.ts';
import { filesIn, scratch } from './cache-helpers.ts';

const payload = Buffer.from('{"key":"k","diagnostics":[]}');

describe('cache entries', () => {
  it('read back what was written, as a private regular file, with no temporary file left', () => {
    const dir = scratch('cache');
    expect(writeEntry(dir, 'k.json', payload)).toBe(true);
    expect(readEntry(dir, 'k.json')).toEqual(payload);
    expect(statSync(join(dir, 'k.json')).mode & 0o777).toBe(0o600);
    expect(filesIn(dir)).toEqual([join(dir, 'k.json')]);
  });

  it('are a miss when one byte changes, when truncated, when missing a header, or under another name', () => {
    const dir = scratch('cache');
    writeEntry(dir, 'a.json', payload);
    const path = join(dir, 'a.json');
    const bytes = readFileSync(path);

    const flipped = Buffer.from(bytes);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 3) ^ 1, flipped.length - 3);
    writeFileSync(path, flipped);
    expect(readEntry(dir, 'a.json')).toBeUndefined();

    writeFileSync(path, bytes);
    truncateSync(path, bytes.length - 1);
    expect(readEntry(dir, 'a.json')).toBeUndefined();

    writeFileSync(path, payload); // the old format: bare JSON
    expect(readEntry(dir, 'a.json')).toBeUndefined();

    writeFileSync(path, bytes);
    copyFileSync(path, join(dir, 'b.json'));
    expect(readEntry(dir, 'a.json')).toEqual(payload);
    expect(readEntry(dir, 'b.json')).toBeUndefined();
  });

  it('are a miss, not a crash, when the folder or the file is missing', () => {
    const dir = scratch('cache');
    expect(readEntry(dir, 'none.json')).toBeUndefined();
    expect(readEntry(join(dir, 'no-such-folder'), 'none.json')).toBeUndefined();
    expect(writeEntry(join(dir, 'no-such-folder'), 'x.json', payload)).toBe(false);
  });

  it('temporary files a killed run left are swept once stale; a recent one may be a writer at work', () => {
    const dir = scratch('cache');
    const stale = join(dir, `.tmp-${'a'.repeat(32)}`);
    const recent = join(dir, `.tmp-${'b'.repeat(32)}`);
    const other = join(dir, '.tmp-not-ours');
    for (const p of [stale, recent, other]) writeFileSync(p, 'half an entry');
    const twoHoursAgo = (Date.now() - 2 * 3600 * 1000) / 1000;
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    utimesSync(other, twoHoursAgo, twoHoursAgo);
    sweepStaleTemporaries(dir);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});
