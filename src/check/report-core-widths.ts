/**
 * PM2607: a vendor core's code (or CODE:UMASK) wider than the event space
 * of the core's pmu, as the tables declare it (src/vendor/core-code-width.ts
 * holds the rule; `pmumap import` skips such a record by the same rule).
 * An error, not a cross-check warning: C would truncate the code into its
 * field and rustc refuses the literal.
 */
import type * as A from '../syntax/ast.ts';
import { codeWidthProblem, type EventSpace } from '../vendor/core-code-width.ts';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

/** The events enum a pmu's fixed counters count (its parent's when it declares no counter). */
function eventSpace(
  ctx: CheckContext,
  pmuName: string,
  seen = new Set<string>(),
): EventSpace | undefined {
  const pmu = ctx.symbols.globals.get(pmuName);
  if (pmu?.kind !== 'pmu' || seen.has(pmuName)) return undefined;
  seen.add(pmuName);
  const counters = pmu.items.filter((i): i is A.CounterDecl => i.kind === 'counter');
  if (counters.length === 0) return pmu.parent ? eventSpace(ctx, pmu.parent.name, seen) : undefined;
  for (const c of counters) {
    const fixed = c.fixed;
    if (fixed?.kind !== 'member' || fixed.object.kind !== 'name') continue;
    const space = ctx.symbols.globals.get(fixed.object.name);
    if (space?.kind === 'enum' && space.isEvents)
      return { name: space.name.name, width: Number(space.width.value) };
  }
  return undefined;
}

export function reportCoreWidths(ctx: CheckContext): void {
  for (const core of declsOf(ctx.files, 'core')) {
    const space = eventSpace(ctx, core.pmu.name);
    if (!space) continue;
    const lines: { code: A.NumberLit; umask?: A.NumberLit; record: A.NumberLit }[] = [
      ...core.common,
      ...core.events,
      ...core.fixed.flatMap((f) => (f.code ? [{ ...f, code: f.code }] : [])),
    ];
    for (const l of lines) {
      const problem = codeWidthProblem(space, l.code.value, l.umask?.value);
      if (!problem) continue;
      const at = problem.at === 'umask' && l.umask ? l.umask : l.code;
      const vendor = core.source
        ? `${core.source.value} record ${l.record.value}`
        : `record ${l.record.value}`;
      ctx.bag.report('CoreCodeTooWide', at.span, [
        core.name.name,
        problem.text,
        core.pmu.name,
        vendor,
      ]);
    }
  }
}
