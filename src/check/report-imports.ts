/**
 * Every `import` names a file of this compilation (PM2311). The command
 * line reads imported files itself; the compiler only checks that they came.
 */
import { posix } from 'node:path';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

/** The path an import in `from` names, as the compilation spells paths. */
export function importedPath(from: string, path: string): string {
  return posix.normalize(posix.join(posix.dirname(from.replace(/\\/g, '/')), path));
}

export function reportImports(ctx: CheckContext): void {
  const paths = new Set(ctx.files.map((f) => posix.normalize(f.path.replace(/\\/g, '/'))));
  for (const file of ctx.files) {
    for (const imp of declsOf([file], 'import')) {
      const target = importedPath(file.path, imp.path.value);
      if (!paths.has(target)) ctx.bag.report('ImportMissing', imp.path.span, [target]);
    }
  }
}
