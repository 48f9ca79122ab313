/**
 * Every `import` names a file of this compilation (PM2311), inside the
 * tables roots the command line named (PM2314). The command line reads
 * imported files itself, and never one outside a root; the compiler only
 * checks that they came.
 */
import { posix } from 'node:path';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

/** The path an import in `from` names, as the compilation spells paths. */
export function importedPath(from: string, path: string): string {
  return posix.normalize(posix.join(posix.dirname(from.replace(/\\/g, '/')), path));
}

/** Whether `target` (normalized) lies inside `root`; `.` is the directory paths are relative to. */
function inside(target: string, root: string): boolean {
  const r = posix.normalize(root.replace(/\\/g, '/')).replace(/(.)\/$/, '$1');
  if (target.startsWith('/') !== r.startsWith('/')) return false;
  const prefix = r.endsWith('/') ? r : `${r}/`;
  let rest: string;
  if (r === '.') rest = target;
  else if (target === r) return true;
  else if (target.startsWith(prefix)) rest = target.slice(prefix.length);
  else return false;
  // Normalized, a path climbs only at its start: `..` after the root leaves it.
  return rest !== '..' && !rest.startsWith('../');
}

/** Whether an import stays inside the roots; without roots, inside the compilation's base. */
export function importInsideRoots(
  written: string,
  target: string,
  roots: readonly string[] | undefined,
): boolean {
  if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) return false;
  return (roots ?? ['.']).some((root) => inside(target, root));
}

export function reportImports(ctx: CheckContext): void {
  const paths = new Set(ctx.files.map((f) => posix.normalize(f.path.replace(/\\/g, '/'))));
  for (const file of ctx.files) {
    const roots = ctx.roots?.get(file.path);
    for (const imp of declsOf([file], 'import')) {
      const written = imp.path.value;
      const target = importedPath(file.path, written);
      if (!importInsideRoots(written, target, roots)) {
        const where = roots?.length ? roots.map((r) => `'${r}'`).join(', ') : 'of this compilation';
        ctx.bag.report('ImportOutsideRoot', imp.path.span, [
          written.startsWith('/') ? written : target,
          where,
        ]);
      } else if (!paths.has(target)) ctx.bag.report('ImportMissing', imp.path.span, [target]);
    }
  }
}
