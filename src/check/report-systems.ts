/**
 * `system` declarations name vendor cores that share a machine: each must
 * be a declared core, listed once.
 */
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

export function reportSystems(ctx: CheckContext): void {
  const cores = declsOf(ctx.files, 'core').map((c) => c.name.name);
  for (const system of declsOf(ctx.files, 'system')) {
    const seen = new Set<string>();
    for (const core of system.cores) {
      if (!cores.includes(core.name)) {
        ctx.bag.report('UndefinedName', core.span, [core.name, `a core: ${oneOf(cores)}`]);
      } else if (seen.has(core.name)) {
        ctx.bag.report('DuplicateName', core.span, ['core of the system', core.name]);
      }
      seen.add(core.name);
    }
  }
}
