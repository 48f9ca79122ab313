/**
 * The manifest gen keeps in its output directory: every file it wrote there,
 * the target that emitted it and a sha256 of its bytes. It is how gen knows
 * which files it owns: a file is replaced or removed only when the manifest
 * lists it with the digest it has now.
 */
import { join } from 'node:path';
import type { Target, TargetFile } from '../../emit/index.ts';
import { TARGETS } from '../../emit/index.ts';
import { checkGeneratedPath } from './generated-path.ts';
import { lstatOrUndefined, readRegularFile, sha256 } from './safe-read.ts';

export const MANIFEST_NAME = 'pmumap-manifest.json';

export interface ManifestEntry {
  readonly path: string;
  readonly target: Target;
  readonly sha256: string;
}

/** Entries by path. */
export type Manifest = ReadonlyMap<string, ManifestEntry>;

/** How every manifest gen writes begins (a later pmumap may say more after it). */
const MARKER = 'Written by pmumap gen';
const COMMENT = `${MARKER}: the files it generated in this directory, which it may replace or remove. DO NOT EDIT.`;

/** The manifest's exact bytes: entries sorted by path, so the same files give the same text. */
export function manifestText(entries: Iterable<ManifestEntry>): string {
  const files = [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => ({ path: e.path, target: e.target, sha256: e.sha256 }));
  return `${JSON.stringify({ $comment: COMMENT, files }, null, 2)}\n`;
}

/** The manifest in `text`, or a one-line reason it is not one. */
export function parseManifest(text: string): Manifest | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  // The marker gen writes, as in every generated file: a file that merely
  // looks like a manifest is not gen's to rewrite (fuzz: seed 20261210).
  const comment = (data as { $comment?: unknown } | null)?.$comment;
  if (typeof comment !== 'string' || !comment.startsWith(MARKER))
    return `no '$comment' saying '${MARKER}'`;
  const files = (data as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return "no 'files' list";
  const entries = new Map<string, ManifestEntry>();
  for (const f of files as unknown[]) {
    const { path, target, sha256 } = (f ?? {}) as Record<string, unknown>;
    if (typeof path !== 'string' || typeof sha256 !== 'string' || typeof target !== 'string')
      return 'an entry without path, target and sha256';
    try {
      checkGeneratedPath(path);
    } catch {
      return `an entry with path '${path}'`;
    }
    if (path === MANIFEST_NAME) return 'an entry for itself';
    if (!(TARGETS as readonly string[]).includes(target)) return `an unknown target '${target}'`;
    if (!/^[0-9a-f]{64}$/.test(sha256)) return `a bad sha256 for '${path}'`;
    if (entries.has(path)) return `'${path}' twice`;
    entries.set(path, { path, target: target as Target, sha256 });
  }
  return entries;
}

/** The manifest after writing `files` for `targets`: the other targets' entries stay as they were. */
export function mergedEntries(
  manifest: Manifest,
  files: readonly TargetFile[],
  targets: readonly Target[],
): ManifestEntry[] {
  const entries = new Map<string, ManifestEntry>();
  for (const [path, e] of manifest) if (!targets.includes(e.target)) entries.set(path, e);
  for (const f of files)
    entries.set(f.path, { path: f.path, target: f.target, sha256: sha256(f.contents) });
  return [...entries.values()];
}

/** How an output directory's manifest stands. `hard`: --force cannot write over it. */
export type ManifestState =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly manifest: Manifest; readonly bytes: Buffer }
  | { readonly kind: 'invalid'; readonly why: string; readonly hard: boolean };

export function readManifest(out: string): ManifestState {
  const path = join(out, MANIFEST_NAME);
  const st = lstatOrUndefined(path);
  if (!st) return { kind: 'none' };
  if (st.isDirectory()) return { kind: 'invalid', why: 'is a directory', hard: true };
  if (!st.isFile()) return { kind: 'invalid', why: 'is not a regular file', hard: false };
  const bytes = readRegularFile(path);
  if (!bytes) return { kind: 'invalid', why: 'cannot be read', hard: false };
  const parsed = parseManifest(bytes.toString('utf8'));
  if (typeof parsed === 'string')
    return { kind: 'invalid', why: `is not a pmumap manifest (${parsed})`, hard: false };
  return { kind: 'valid', manifest: parsed, bytes };
}
