/**
 * The modules a built ES module loads at import time: its static `import`
 * and `export ... from` declarations, followed through relative paths.
 * Dynamic `import()` is left out on purpose: it is how code defers loading
 * the compiler until it is needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const STATIC =
  /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Absolute paths of the relative modules reached, and the bare specifiers (packages) as written. */
export function staticImports(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
      const spec = m[1] ?? m[2] ?? '';
      queue.push(spec.startsWith('.') ? resolve(dirname(file), spec) : spec);
    }
  }
  seen.delete(entry);
  return [...seen];
}
