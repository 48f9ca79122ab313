/**
 * One cache entry on disk, verified on every read. Entries are addressed by
 * their content, as git's object store is: the first line holds the SHA-256
 * of the entry's name and bytes, and an entry whose bytes do not hash to it
 * (a flipped bit, a truncated write, a hand edit) is a miss, which the
 * caller then rewrites. A digest catches every change but a deliberate one:
 * whoever can write the folder can write a matching digest too, which is
 * why cache-dir.ts refuses a folder others can write.
 *
 * Reads open only regular files (src/io/bounded-read.ts): no symlink is
 * followed (O_NOFOLLOW), a FIFO or device is never waited on (O_NONBLOCK,
 * then fstat), and the size is checked before a byte is read. Writes go to a temporary file created
 * exclusively under an unpredictable name in the same folder, then renamed
 * over the entry: a reader sees the old entry or the new one, never half of
 * one, and a link planted at either name is replaced, not followed.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { readBoundedBytes } from '../io/bounded-read.ts';

/** Far above any real entry (the vendor tables' model is ~4 MB), far below memory trouble. */
export const ENTRY_MAX_BYTES = 256 * 1024 * 1024;

const MAGIC = 'pmumap-entry-v2 ';
/** `pmumap-entry-v2 <64 hex digits>\n` */
const HEADER_BYTES = MAGIC.length + 64 + 1;

/** Bind the digest to the entry's name too: a valid entry moved under another name is a miss. */
function digest(name: string, payload: Uint8Array): string {
  return createHash('sha256').update(`${MAGIC}${name}\0`).update(payload).digest('hex');
}

/** The payload of `<dir>/<name>` if it is a regular file whose digest matches, else undefined. */
export function readEntry(dir: string, name: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readBoundedBytes(join(dir, name), { maxBytes: ENTRY_MAX_BYTES, noFollow: true });
  } catch {
    return undefined; // missing, not a regular file, a link, too large, unreadable: a miss
  }
  if (bytes.length < HEADER_BYTES) return undefined;
  const header = bytes.subarray(0, HEADER_BYTES).toString('latin1');
  if (!header.startsWith(MAGIC) || !header.endsWith('\n')) return undefined;
  const payload = bytes.subarray(HEADER_BYTES);
  return header.slice(MAGIC.length, -1) === digest(name, payload) ? payload : undefined;
}

/** Write `<dir>/<name>` atomically with its digest; a failure only costs time later. */
export function writeEntry(dir: string, name: string, payload: Uint8Array): boolean {
  if (payload.length + HEADER_BYTES > ENTRY_MAX_BYTES) return false;
  const target = join(dir, name);
  const tmp = join(dirname(target), `.tmp-${randomBytes(16).toString('hex')}`);
  let fd: number | undefined;
  try {
    // 'wx' is O_CREAT|O_EXCL: it fails on any existing name, a symlink included.
    fd = openSync(tmp, 'wx', 0o600);
    writeAll(fd, Buffer.from(`${MAGIC}${digest(name, payload)}\n`, 'latin1'));
    writeAll(fd, payload);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    return false;
  }
}

const TEMPORARY = /^\.tmp-[0-9a-f]{32}$/;
/** Older than any write could take: a temporary file this old was left by a killed run. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/**
 * Remove the temporary files that runs killed mid-write left in `dir`.
 * Recent ones may belong to a run writing now and are left alone.
 */
export function sweepStaleTemporaries(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!TEMPORARY.test(name)) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (st.isFile() && now - st.mtimeMs > STALE_TEMPORARY_MS) rmSync(path);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
}
