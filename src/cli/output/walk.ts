/**
 * Listing an output directory gen kept no manifest in, to find the files an
 * older pmumap generated there: regular files only, no link followed, no
 * run directory or manifest entered, and bounded in depth and count (the
 * generated layout is shallow; --out may name a large directory).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PREFIX } from './leftovers.ts';
import { MANIFEST_NAME } from './manifest.ts';
import { lstatOrUndefined } from './safe-read.ts';

export function walkFiles(out: string, maxDepth = 4, limit = 10_000): string[] {
  const found: string[] = [];
  const visit = (rel: string, depth: number) => {
    if (depth > maxDepth || found.length >= limit) return;
    let names: string[];
    try {
      names = readdirSync(rel ? join(out, rel) : out);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      if (depth === 0 && (name.startsWith(TEMP_PREFIX) || name === MANIFEST_NAME)) continue;
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatOrUndefined(join(out, path));
      if (st?.isDirectory()) visit(path, depth + 1);
      else if (st?.isFile() && found.length < limit) found.push(path);
    }
  };
  visit('', 0);
  return found;
}
