/**
 * An input's `in lo..hi` range is not empty (PM2109) and fits the input's
 * type (PM2313): the command line refuses values outside it, so a range
 * the type cannot hold would refuse nothing or everything.
 */
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

function widthOf(ctx: CheckContext, type: string): number | undefined {
  const u = /^u(\d+)$/.exec(type);
  if (u) return Number(u[1]);
  const reg = ctx.symbols.registers.get(type);
  if (reg) return Number(reg.width.value);
  const decl = ctx.symbols.globals.get(type);
  return decl?.kind === 'enum' ? Number(decl.width.value) : undefined;
}

export function reportInputRanges(ctx: CheckContext): void {
  for (const iface of declsOf(ctx.files, 'interface')) {
    for (const input of iface.items) {
      const range = input.range;
      if (input.kind !== 'input' || !range) continue;
      const name = input.name?.name ?? '';
      if (range.hi.value < range.lo.value) {
        ctx.bag.report('BadIndexRange', range.span, [range.lo.text, range.hi.text, name]);
        continue;
      }
      const width = widthOf(ctx, input.type?.name ?? '');
      if (width === undefined || range.hi.value >= 1n << BigInt(width)) {
        ctx.bag.report('InputRangeTooWide', range.span, [
          range.lo.text,
          range.hi.text,
          name,
          input.type?.name ?? '?',
          width === undefined ? 'not an integer type' : String(width),
        ]);
      }
    }
  }
}
