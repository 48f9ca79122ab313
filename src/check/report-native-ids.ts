/**
 * PM2341, PM2342: the numbers pmus and reasons carry in the C and Rust
 * outputs are declared (`pmu NAME id N`, `REASON = N`), so that adding a
 * pmu, a reason or a file never renumbers the others
 * (src/emit/native-ids.ts). A number given twice is an error; once some
 * items of a kind declare numbers, one that does not is a warning naming
 * the next free number (tables that declare none are numbered by file and
 * line, as small test tables are).
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

interface Numbered {
  readonly name: A.Ident;
  readonly id?: A.NumberLit;
  readonly span: Span;
}

export function reportNativeIds(ctx: CheckContext): void {
  const pmus: Numbered[] = declsOf(ctx.files, 'pmu');
  const reasons: Numbered[] = declsOf(ctx.files, 'reasons').flatMap((g) => g.reasons);
  reportKind(ctx, pmus, 'pmu', (n) => `id ${n}`);
  reportKind(ctx, reasons, 'reason', (n) => `= ${n}`);
}

function reportKind(
  ctx: CheckContext,
  items: readonly Numbered[],
  what: string,
  syntax: (n: bigint) => string,
): void {
  const owner = new Map<bigint, Numbered>();
  for (const item of items) {
    if (!item.id) continue;
    const first = owner.get(item.id.value);
    if (first) {
      ctx.bag.report(
        'NativeIdTaken',
        item.id.span,
        [what, item.name.name, String(item.id.value), first.name.name],
        [{ message: `'${first.name.name}' has it here`, span: first.id?.span ?? first.span }],
      );
    } else owner.set(item.id.value, item);
  }
  if (owner.size === 0) return;
  let next = [...owner.keys()].reduce((a, b) => (a > b ? a : b), 0n);
  for (const item of items) {
    if (item.id) continue;
    next += 1n;
    ctx.bag.report('NativeIdMissing', item.name.span, [what, item.name.name, syntax(next)]);
  }
}
