/**
 * The compiler's fingerprint for the cache key: the hash `npm run build`
 * writes to dist/fingerprint.txt, or, when running from sources, a hash of
 * grammar/ and src/ computed now.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module with pmumap's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pmumap'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: pmumap package.json not found');
    dir = parent;
  }
}

function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(h, path);
    else if (/\.(ts|ohm)$/.test(entry.name))
      h.update(`${entry.name}\0${readFileSync(path, 'utf8')}\0`);
  }
}

/** Hash of the compiler's sources (used by the build and when running from src/). */
export function sourceFingerprint(root: string): string {
  const h = createHash('sha256');
  hashTree(h, join(root, 'grammar'));
  hashTree(h, join(root, 'src'));
  return h.digest('hex');
}

export function compilerFingerprint(): string {
  const root = packageRoot();
  const here = fileURLToPath(import.meta.url);
  if (here.includes(`${join(root, 'dist')}`)) {
    try {
      return readFileSync(join(root, 'dist', 'fingerprint.txt'), 'utf8').trim();
    } catch {
      // fall through: a build without its fingerprint hashes the sources instead
    }
  }
  return sourceFingerprint(root);
}
