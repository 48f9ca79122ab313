/**
 * An explore block names an interface (PM2004), inputs of it (PM4002) and,
 * for register inputs, their fields (PM2005); values are constants
 * (PM2205) that fit the field; a subsets range spans at most 12 bits, so
 * the space stays enumerable in seconds (PM2108).
 */
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';
import type { Env } from './types.ts';
import { inferExpr } from './infer.ts';

export function reportExplore(ctx: CheckContext): void {
  for (const x of declsOf(ctx.files, 'explore')) {
    const iface = ctx.symbols.globals.get(x.iface.name);
    if (iface?.kind !== 'interface') {
      const names = [...ctx.symbols.globals.values()]
        .filter((d) => d.kind === 'interface')
        .map((d) => d.name.name);
      ctx.bag.report('UndefinedName', x.iface.span, [
        x.iface.name,
        `an interface: ${oneOf(names)}`,
      ]);
      continue;
    }
    const inputs = iface.items.filter((i) => i.kind === 'input');
    for (const d of x.dimensions) {
      const input = inputs.find((i) => i.name?.name === d.input.name);
      if (!input) {
        ctx.bag.report('ExampleUnknownInput', d.input.span, [
          d.input.name,
          iface.name.name,
          oneOf(inputs.map((i) => i.name?.name ?? '')),
        ]);
        continue;
      }
      let width = 64;
      if (d.field) {
        const reg = input.type ? ctx.symbols.registers.get(input.type.name) : undefined;
        const field = reg?.fields.find(
          (f) => f.name.name === d.field?.name && !/^res[01]$/.test(f.name.name),
        );
        if (!field) {
          ctx.bag.report('UnknownMember', d.field.span, [
            input.type?.name ?? d.input.name,
            d.field.name,
            oneOf((reg?.fields ?? []).map((f) => f.name.name)),
          ]);
          continue;
        }
        width = Number(field.bits.msb.value - field.bits.lsb.value) + 1;
      }
      const v = d.values;
      if (v.kind === 'subsets' && (v.hi.value < v.lo.value || v.hi.value - v.lo.value > 11n)) {
        ctx.bag.report('BadWidth', d.span, [
          `${v.lo.text}..${v.hi.text}`,
          `the subsets of ${d.input.name}`,
        ]);
      }
      const limit = width >= 64 ? 1n << 64n : 1n << BigInt(width);
      const top =
        v.kind === 'set'
          ? undefined
          : v.kind === 'range'
            ? v.hi.value
            : (1n << (v.hi.value + 1n)) - 1n;
      if (top !== undefined && top >= limit)
        ctx.bag.report('EnumValueTooWide', d.span, [
          `0x${top.toString(16)}`,
          d.field?.name ?? d.input.name,
          width,
        ]);
      if (v.kind === 'set') {
        const env: Env = { ctx, locals: new Map(), context: false };
        for (const item of v.items) {
          inferExpr(env, item);
          if (
            item.kind !== 'num' &&
            item.kind !== 'bool' &&
            ctx.resolutions.get(item)?.kind !== 'const'
          ) {
            ctx.bag.report('NotConstant', item.span, [`a value of ${d.input.name}`]);
          } else if (item.kind === 'num' && item.value >= limit) {
            ctx.bag.report('EnumValueTooWide', item.span, [
              `0x${item.value.toString(16)}`,
              d.field?.name ?? d.input.name,
              width,
            ]);
          }
        }
      }
    }
  }
}
