/**
 * Where `pmumap host` reads sysfs from: a directory standing for /sys, or a
 * snapshot (JSON) of exactly the files and listings an earlier run read.
 * Every read is recorded, so any run can be saved as a snapshot and
 * replayed byte for byte. A missing, unreadable or oversized file is a
 * result the reader reports; a FIFO, socket or device where an attribute
 * should be is not sysfs at all, and is an InputError (one line, exit 2):
 * reads are bounded (src/io/bounded-read.ts), never a blocking open.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, readBoundedBytes } from '../io/bounded-read.ts';
import { INPUT_LIMITS } from '../io/input-limits.ts';

/** A sysfs attribute is at most a page; anything much larger is not one. */
export const MAX_FILE_BYTES = INPUT_LIMITS.sysfsAttribute;

export type ReadResult =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly why: string };

export interface SysfsSource {
  /** What was read, for messages: a directory or a snapshot file. */
  readonly origin: string;
  /** Entry names of a directory, sorted; undefined when it is missing or not a directory. */
  list(rel: string): readonly string[] | undefined;
  read(rel: string): ReadResult;
}

export const SNAPSHOT_FORMAT = 'pmumap-sysfs-snapshot/1';

/** The files and listings a run read: null marks a missing file or directory. */
export interface Snapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly dirs: Record<string, readonly string[] | null>;
  readonly files: Record<string, string | null>;
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : 'error');
}

/** Read a tree on disk (the real /sys, or a fixture); `origin` names it in messages. */
export function directorySource(root: string, origin = root): SysfsSource {
  return {
    origin,
    list(rel) {
      try {
        return readdirSync(join(root, rel)).sort();
      } catch {
        return undefined;
      }
    },
    read(rel) {
      const path = join(root, rel);
      try {
        // sysfs reports 4096 for every attribute; a regular file's size is real.
        const bytes = readBoundedBytes(path, {
          maxBytes: MAX_FILE_BYTES,
          label: `--sysfs '${origin}': '${rel}'`,
        });
        return { kind: 'text', text: bytes.toString('utf8') };
      } catch (e) {
        if (!(e instanceof InputError)) return { kind: 'unreadable', why: errorCode(e) };
        if (e.problem === 'missing') return { kind: 'missing' };
        if (e.problem === 'too-large')
          return { kind: 'unreadable', why: `larger than ${MAX_FILE_BYTES} bytes` };
        // A directory is not an attribute (the reader skips it); a FIFO or a device is not sysfs.
        if (e.problem === 'not-a-file') {
          if (e.detail === 'a directory') return { kind: 'unreadable', why: 'EISDIR' };
          throw e;
        }
        return { kind: 'unreadable', why: e.detail ?? e.problem };
      }
    },
  };
}

/** Replay a snapshot: what it recorded, and nothing else exists. */
export function snapshotSource(snapshot: Snapshot, origin: string): SysfsSource {
  return {
    origin,
    list(rel) {
      const names = snapshot.dirs[rel];
      return names ? [...names] : undefined;
    },
    read(rel) {
      const text = snapshot.files[rel];
      return typeof text === 'string' ? { kind: 'text', text } : { kind: 'missing' };
    },
  };
}

/** Check that parsed JSON is a snapshot; returns why not, or undefined. */
export function snapshotProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (v['format'] !== SNAPSHOT_FORMAT) return `"format" is not "${SNAPSHOT_FORMAT}"`;
  const dirs = v['dirs'];
  const files = v['files'];
  if (typeof dirs !== 'object' || dirs === null || Array.isArray(dirs))
    return '"dirs" is not an object';
  if (typeof files !== 'object' || files === null || Array.isArray(files))
    return '"files" is not an object';
  for (const [k, names] of Object.entries(dirs)) {
    if (names !== null && !(Array.isArray(names) && names.every((n) => typeof n === 'string')))
      return `"dirs"."${k}" is not a list of names or null`;
  }
  for (const [k, text] of Object.entries(files)) {
    if (text !== null && typeof text !== 'string') return `"files"."${k}" is not a string or null`;
  }
  return undefined;
}

/** Wrap a source so that every answer it gives is recorded in a snapshot. */
export function recording(source: SysfsSource): { source: SysfsSource; snapshot: Snapshot } {
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, dirs: {}, files: {} };
  return {
    snapshot,
    source: {
      origin: source.origin,
      list(rel) {
        const names = source.list(rel);
        snapshot.dirs[rel] = names ? [...names] : null;
        return names;
      },
      read(rel) {
        const r = source.read(rel);
        // An unreadable file replays as missing: its content was never seen.
        snapshot.files[rel] = r.kind === 'text' ? r.text : null;
        return r;
      },
    },
  };
}
