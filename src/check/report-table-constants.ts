/**
 * Table keys and values, pmu-independent data, must be constants: numbers,
 * booleans or enum/perf members (PM2205). Runs after types are resolved.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

function isConstant(ctx: CheckContext, e: A.Expr): boolean {
  if (e.kind === 'num' || e.kind === 'bool') return true;
  return ctx.resolutions.get(e)?.kind === 'const';
}

export function reportTableConstants(ctx: CheckContext): void {
  const tables = [
    ...declsOf(ctx.files, 'table'),
    ...declsOf(ctx.files, 'pmu').flatMap((p) =>
      p.items.filter((i): i is A.TableDecl => i.kind === 'table'),
    ),
  ];
  for (const t of tables) {
    for (const entry of t.entries) {
      if (!isConstant(ctx, entry.key))
        ctx.bag.report('NotConstant', entry.key.span, [`a key of '${t.name.name}'`]);
      if (!isConstant(ctx, entry.value))
        ctx.bag.report('NotConstant', entry.value.span, [`a value of '${t.name.name}'`]);
    }
  }
}
