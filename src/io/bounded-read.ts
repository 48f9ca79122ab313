/**
 * Read an input file bounded by type, size and time. The open never blocks
 * (O_NONBLOCK: a FIFO with no writer opens at once and is then refused),
 * the type and size come from fstat of the opened descriptor (no race with
 * a rename between a stat and the open), and the read stops one byte past
 * the limit. Only regular files are read as text; a character device is
 * accepted only when the caller reads that device itself (openDevice).
 * A refusal is an InputError: a UsageError, so the CLI prints it as one
 * line and exits 2.
 */
import type { Stats } from 'node:fs';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from './usage-error.ts';
import { formatBytes } from './input-limits.ts';

export type InputProblem =
  /** ENOENT, ENOTDIR: nothing there. */
  | 'missing'
  /** A directory, FIFO, socket or device where a file was expected. */
  | 'not-a-file'
  /** Larger than the limit for its kind. */
  | 'too-large'
  /** It exists but cannot be opened or read (EACCES, ELOOP with noFollow, EIO...). */
  | 'unreadable'
  /** A device that did not answer in time. */
  | 'timeout';

/** A refused input: one line naming it and why. */
export class InputError extends UsageError {
  readonly problem: InputProblem;
  readonly path: string;
  /** For 'not-a-file': what was found instead (`a directory`, `a FIFO`...); else the errno code, if any. */
  readonly detail: string | undefined;
  constructor(problem: InputProblem, path: string, message: string, detail?: string) {
    super(message);
    this.problem = problem;
    this.path = path;
    this.detail = detail;
  }
}

export interface ReadLimits {
  /** The largest size accepted, in bytes. */
  readonly maxBytes: number;
  /** How the input is named in messages, e.g. `--dump 'x.txt'` (default: the path, quoted). */
  readonly label?: string;
  /**
   * Refuse a symbolic link as the last path component (O_NOFOLLOW): for
   * files pmumap itself keeps (cache entries), where a link is planted,
   * not chosen. Paths a user names may be links.
   */
  readonly noFollow?: boolean;
}

/** What a file-type bit pattern is called in a message. */
export function kindOf(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function errno(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : 'error');
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Open without blocking and fstat the descriptor. The caller owns the
 * descriptor and must close it.
 */
function openAndStat(path: string, label: string, noFollow: boolean): { fd: number; st: Stats } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS | (noFollow ? constants.O_NOFOLLOW : 0));
  } catch (e) {
    const code = errno(e);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new InputError('missing', path, `${label}: no such file (${code})`, code);
    if (code === 'ELOOP' && noFollow)
      throw new InputError(
        'not-a-file',
        path,
        `${label}: a symbolic link, not a regular file`,
        'a symbolic link',
      );
    // ENXIO: a socket, or a device with no driver behind it.
    throw new InputError('unreadable', path, `${label}: cannot open it (${code})`, code);
  }
  try {
    return { fd, st: fstatSync(fd) };
  } catch (e) {
    closeSync(fd);
    throw new InputError('unreadable', path, `${label}: cannot stat it (${errno(e)})`, errno(e));
  }
}

/** Read at most `max + 1` bytes; more than `max` is too large (a file that grew, or /proc). */
function readUpTo(fd: number, size: number, max: number): Buffer | undefined {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size, 4096), max) + 1);
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (total > max) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const n = readSync(fd, buf, total, buf.length - total, null);
    if (n === 0) break;
    total += n;
    if (total > max) return undefined;
  }
  return buf.subarray(0, total);
}

/** The bytes of a regular file no larger than `limits.maxBytes`, or an InputError. */
export function readBoundedBytes(path: string, limits: ReadLimits): Buffer {
  const label = limits.label ?? `'${path}'`;
  const { fd, st } = openAndStat(path, label, limits.noFollow ?? false);
  try {
    if (!st.isFile())
      throw new InputError(
        'not-a-file',
        path,
        `${label}: ${kindOf(st)}, not a regular file`,
        kindOf(st),
      );
    const tooLarge = (size: string): InputError =>
      new InputError(
        'too-large',
        path,
        `${label}: ${size}larger than the ${formatBytes(limits.maxBytes)} limit`,
      );
    if (st.size > limits.maxBytes) throw tooLarge(`${formatBytes(st.size)}, `);
    let bytes: Buffer | undefined;
    try {
      bytes = readUpTo(fd, st.size, limits.maxBytes);
    } catch (e) {
      // EISDIR cannot happen (fstat said file); EAGAIN from a file on a
      // filesystem that honours O_NONBLOCK (FUSE) is refused, not waited for.
      throw new InputError('unreadable', path, `${label}: cannot read it (${errno(e)})`, errno(e));
    }
    if (!bytes) throw tooLarge('');
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** A regular file's text (UTF-8), bounded as readBoundedBytes. */
export function readBoundedText(path: string, limits: ReadLimits): string {
  return readBoundedBytes(path, limits).toString('utf8');
}

/**
 * What is at `path` without reading it: its fstat, from a non-blocking
 * open (so a FIFO is not waited on), or an InputError when it cannot be
 * opened. For callers that accept a directory or a device as well as a file.
 */
export function statInput(path: string, label = `'${path}'`): Stats {
  const { fd, st } = openAndStat(path, label, false);
  closeSync(fd);
  return st;
}

/** Linux's major number of a device id (glibc's gnu_dev_major). */
export function deviceMajor(rdev: number): number {
  const dev = BigInt(rdev);
  return Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
}
