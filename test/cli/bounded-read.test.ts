/**
 * src/io/bounded-read.ts, the one way pmumap reads an input file: regular
 * files only (FIFOs, devices and directories are an InputError at once),
 * the size checked before the read and again while reading, links refused
 * on request; and the CPUID device, told from other devices by its number.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/io/usage-error.ts';
import { openDumpInput } from '../../src/host/cpuid-dump-input.ts';
import { deviceMajor, InputError, readBoundedText, statInput } from '../../src/io/bounded-read.ts';
import { formatBytes } from '../../src/io/input-limits.ts';
import { cli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-bounded-read-'));

/** The InputError `read` throws, as [problem, message]. */
function refusal(read: () => unknown): [string, string] {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect(e).toBeInstanceOf(UsageError);
    return [(e as InputError).problem, (e as InputError).message];
  }
  throw new Error('expected an InputError');
}

describe('readBoundedText', () => {
  const file = join(dir, 'ten.txt');
  writeFileSync(file, '0123456789');

  it('reads a regular file up to exactly its limit', () => {
    expect(readBoundedText(file, { maxBytes: 10 })).toBe('0123456789');
  });

  it('refuses one byte past the limit, by its size, before reading', () => {
    expect(refusal(() => readBoundedText(file, { maxBytes: 9, label: 'x' }))).toEqual([
      'too-large',
      'x: 10 bytes, larger than the 9 bytes limit',
    ]);
    const huge = join(dir, 'huge');
    writeFileSync(huge, '');
    truncateSync(huge, 8 * 1024 ** 3);
    const started = performance.now();
    expect(refusal(() => readBoundedText(huge, { maxBytes: 1024, label: 'h' }))[1]).toBe(
      'h: 8 GiB, larger than the 1 KiB limit',
    );
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('stops one byte past the limit when the size lies (/proc says 0)', () => {
    expect(
      refusal(() => readBoundedText('/proc/self/status', { maxBytes: 16, label: 'p' })),
    ).toEqual(['too-large', 'p: larger than the 16 bytes limit']);
    expect(readBoundedText('/proc/self/status', { maxBytes: 1 << 20 })).toMatch(/^Name:/);
  });

  it.each([
    [
      'a FIFO',
      () => {
        const p = join(dir, `fifo-${Math.random()}`);
        execFileSync('mkfifo', [p]);
        return p;
      },
    ],
    ['a character device', () => '/dev/zero'],
    ['a directory', () => dir],
  ])('refuses %s at once, saying what it is', (kind, make) => {
    const path = make();
    expect(refusal(() => readBoundedText(path, { maxBytes: 1 << 20, label: 'in' }))).toEqual([
      'not-a-file',
      `in: ${kind}, not a regular file`,
    ]);
  });

  it('follows a link a user names, and refuses one with noFollow', () => {
    const link = join(dir, 'link');
    symlinkSync(file, link);
    expect(readBoundedText(link, { maxBytes: 10 })).toBe('0123456789');
    expect(
      refusal(() => readBoundedText(link, { maxBytes: 10, noFollow: true, label: 'l' })),
    ).toEqual(['not-a-file', 'l: a symbolic link, not a regular file']);
  });

  it('says a missing file is missing', () => {
    expect(refusal(() => readBoundedText(join(dir, 'nope'), { maxBytes: 1 }))[0]).toBe('missing');
  });

  it('stats a FIFO without waiting for a writer', () => {
    const p = join(dir, 'fifo-stat');
    execFileSync('mkfifo', [p]);
    expect(statInput(p).isFIFO()).toBe(true);
  });
});

describe('the CPUID device', () => {
  it("is Linux's major 203 (include/uapi/linux/major.h), read from a device number as glibc does", () => {
    expect(deviceMajor((203 << 8) | 5)).toBe(203);
    // Minors past 255 sit in bits 20 and up; the major stays in bits 8-19.
    expect(deviceMajor((203 << 8) | (1 << 20))).toBe(203);
  });

  it('another character device is refused as a dump, not read', () => {
    expect(refusal(() => openDumpInput('/dev/null', "--dump '/dev/null'"))).toEqual([
      'not-a-file',
      "--dump '/dev/null': a character device, not a regular file",
    ]);
  });

  it.runIf(existsSync('/dev/cpu/0/cpuid'))(
    'is read at offsets through any path that names it (here a link)',
    async () => {
      const link = join(dir, 'my-cpu');
      symlinkSync('/dev/cpu/0/cpuid', link);
      expect(openDumpInput(link, 'x').kind).toBe('device');
      const r = await cli(['cpuid', '0xa', '--dump', link, '--json']);
      // The CPU may or may not have leaf 0xA; either way an answer or a reason, never a hang.
      expect([0, 1]).toContain(r.status);
      if (r.status === 1) expect(r.stderr).toMatch(/leaf 0xa/);
    },
    30_000,
  );
});

describe('formatBytes', () => {
  it('says sizes as a person reads them', () => {
    expect([12, 2048, 16 * 1024 ** 2, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      '12 bytes',
      '2 KiB',
      '16 MiB',
      '3 GiB',
    ]);
  });
});
