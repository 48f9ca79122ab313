/**
 * Build dist/ only when it is stale, so the pack test costs one build at
 * most (none right after `npm ci`, whose prepare script built it). Stale
 * means: dist/fingerprint.txt is not the hash of grammar/ and src/ (what
 * the build writes), or a generated TypeScript table is newer than its
 * built JavaScript.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFingerprint } from '../../src/project/fingerprint.ts';

function tablesStale(root: string): boolean {
  const src = join(root, 'tables/generated/ts');
  const out = join(root, 'dist/tables/generated/ts');
  if (!existsSync(src)) return false;
  return readdirSync(src)
    .filter((f) => f.endsWith('.ts'))
    .some((f) => {
      const js = join(out, f.replace(/\.ts$/, '.js'));
      return !existsSync(js) || statSync(js).mtimeMs < statSync(join(src, f)).mtimeMs;
    });
}

function distStale(root: string): boolean {
  const stamp = join(root, 'dist/fingerprint.txt');
  if (!existsSync(stamp)) return true;
  return readFileSync(stamp, 'utf8').trim() !== sourceFingerprint(root) || tablesStale(root);
}

/** Run `npm run build` in `root` if dist/ is stale; true when it did. */
export function buildIfStale(root: string, env: NodeJS.ProcessEnv): boolean {
  if (!distStale(root)) return false;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, env, stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return true;
}
