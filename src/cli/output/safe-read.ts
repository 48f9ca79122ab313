/**
 * Reading what lies in the output directory without trusting it: a path is
 * opened only when it is a regular file, never through a symlink (O_NOFOLLOW)
 * and never blocking on a FIFO (O_NONBLOCK), and no more than a bound is read.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';

/** Larger than any generated file by far; a bigger file is not one gen wrote. */
export const READ_LIMIT = 64 * 1024 * 1024;

/**
 * lstat, or undefined when nothing is there (ENOENT, or ENOTDIR: a file sits
 * where a parent directory would be). Other errors (EACCES...) propagate.
 */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** The bytes of `path` if it is a regular file of at most `limit` bytes, else undefined. */
export function readRegularFile(path: string, limit = READ_LIMIT): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > limit) return undefined;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export function sha256(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
