/**
 * The private directory a gen run writes into (`.pmumap-gen-XXXXXX` inside
 * the output directory), and what a run killed outright (SIGKILL, power
 * loss) leaves of it: the next gen recognises such a directory by its name
 * and kind, reads its journal (the digests of the files that run was
 * placing, which are gen's own) and removes it; `gen --check` reports it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lstatOrUndefined, readRegularFile } from './safe-read.ts';

export const TEMP_PREFIX = '.pmumap-gen-';
export const JOURNAL_NAME = 'journal.json';

const LEFTOVER = /^\.pmumap-gen-[A-Za-z0-9]{6}$/;

/** The names of the leftover run directories in `out`: real directories (not links) named like one. */
export function findLeftovers(out: string): string[] {
  let names: string[];
  try {
    names = readdirSync(out);
  } catch {
    return [];
  }
  return names
    .filter((n) => LEFTOVER.test(n) && lstatOrUndefined(join(out, n))?.isDirectory() === true)
    .sort();
}

/** The journal's text: each file a run is about to place, with its digest. */
export function journalText(files: readonly { path: string; sha256: string }[]): string {
  return `${JSON.stringify({ placing: files.map((f) => ({ path: f.path, sha256: f.sha256 })) })}\n`;
}

/** Path -> digests that a killed run was placing (so those bytes at that path are gen's). */
export function journalDigests(
  out: string,
  leftovers: readonly string[],
): Map<string, Set<string>> {
  const digests = new Map<string, Set<string>>();
  for (const name of leftovers) {
    const bytes = readRegularFile(join(out, name, JOURNAL_NAME), 16 * 1024 * 1024);
    if (!bytes) continue;
    let placing: unknown;
    try {
      placing = (JSON.parse(bytes.toString('utf8')) as { placing?: unknown }).placing;
    } catch {
      continue;
    }
    if (!Array.isArray(placing)) continue;
    for (const f of placing as unknown[]) {
      const { path, sha256 } = (f ?? {}) as Record<string, unknown>;
      if (typeof path !== 'string' || typeof sha256 !== 'string') continue;
      const set = digests.get(path) ?? new Set<string>();
      set.add(sha256);
      digests.set(path, set);
    }
  }
  return digests;
}

/**
 * Remove leftover run directories (rm does not follow the links inside
 * them); the names of those removed. One that cannot be removed stays, and
 * `gen --check` goes on reporting it.
 */
export function removeLeftovers(out: string, leftovers: readonly string[]): string[] {
  return leftovers.filter((name) => {
    try {
      rmSync(join(out, name), { recursive: true, force: true });
      return true;
    } catch {
      return false;
    }
  });
}
