/**
 * Tables sources from a git revision, `REV:PATH` (as in `HEAD~1:tables`):
 * the .pmumap files under PATH at REV that a directory walk of PATH would
 * read (generated and vendor folders skipped unless PATH names them, as
 * src/project/sources.ts does), read with `git show`, with paths as the working
 * tree would give them. A revision or path git does not know is a usage
 * error naming it.
 */
import { execFileSync } from 'node:child_process';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { UsageError } from './args.ts';
import { skippedByWalk } from '../project/sources.ts';

/** `REV:PATH` when `spec` names a git revision rather than a path on disk. */
export function parseRevisionSpec(spec: string): { rev: string; path: string } | undefined {
  const colon = spec.indexOf(':');
  if (colon <= 0) return undefined;
  return { rev: spec.slice(0, colon), path: spec.slice(colon + 1) || '.' };
}

function git(cwd: string, args: readonly string[], what: string): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new UsageError(`${what}: ${stderr || 'git failed'}`);
  }
}

export function readRevisionSources(cwd: string, spec: string): SourceFile[] {
  const parsed = parseRevisionSpec(spec);
  if (!parsed) throw new UsageError(`'${spec}' is not REV:PATH`);
  const { rev, path } = parsed;
  git(
    cwd,
    ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`],
    `'${spec}': unknown revision '${rev}'`,
  );
  const prefix = path.replace(/^\.\/?|\/+$/g, '');
  // The part below PATH, as a walk of PATH sees it (PATH itself may be a skipped name).
  const below = (n: string): string[] =>
    n === prefix ? [] : (prefix ? n.slice(prefix.length + 1) : n).split('/');
  const names = git(cwd, ['ls-tree', '-r', '--name-only', rev, '--', path], `'${spec}'`)
    .split('\n')
    .filter((n) => n.endsWith('.pmumap') && !below(n).some(skippedByWalk))
    .sort();
  if (names.length === 0)
    throw new UsageError(`'${spec}': no .pmumap files at ${rev} under '${path}'`);
  return names.map((name) => ({
    path: name,
    text: git(cwd, ['show', `${rev}:./${name}`], `'${spec}'`),
  }));
}
