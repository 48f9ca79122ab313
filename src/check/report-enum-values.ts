/**
 * Enums, event spaces and perf target types: the width is 1..64 bits, every
 * value fits it, no member name or value appears twice. In an event space
 * (`events`) a repeated value is a duplicate event code (PM2003).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { declsOf } from './context.ts';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function checkMembers(
  ctx: CheckContext,
  owner: A.Ident,
  members: readonly A.Member[],
  width: number | undefined,
  isEvents: boolean,
): void {
  const names = new Map<string, A.Member>();
  const values = new Map<bigint, A.Member>();
  for (const m of members) {
    const sameName = names.get(m.name.name);
    if (sameName) {
      ctx.bag.report(
        'DuplicateMember',
        m.name.span,
        [m.name.name, owner.name],
        [{ message: `'${m.name.name}' is first defined here`, span: sameName.name.span }],
      );
      continue;
    }
    names.set(m.name.name, m);
    if (width !== undefined && m.value.value >= 1n << BigInt(width)) {
      ctx.bag.report('EnumValueTooWide', m.value.span, [m.value.text, m.name.name, width]);
    }
    const sameValue = values.get(m.value.value);
    if (sameValue) {
      const args = [hex(m.value.value), m.name.name, sameValue.name.name, owner.name];
      const related = [
        { message: `'${sameValue.name.name}' has this value`, span: sameValue.name.span },
      ];
      ctx.bag.report(isEvents ? 'DuplicateCode' : 'DuplicateValue', m.value.span, args, related);
    } else values.set(m.value.value, m);
  }
}

export function reportEnumValues(ctx: CheckContext): void {
  for (const e of declsOf(ctx.files, 'enum')) {
    const width = Number(e.width.value);
    if (width < 1 || width > 64) {
      ctx.bag.report('BadWidth', e.width.span, [e.width.text, e.name.name]);
      checkMembers(ctx, e.name, e.members, undefined, e.isEvents);
    } else checkMembers(ctx, e.name, e.members, width, e.isEvents);
  }
  for (const t of declsOf(ctx.files, 'target')) {
    const asMembers = t.types.map((ty) => ({ name: ty.name, value: ty.value, span: ty.span }));
    checkMembers(ctx, t.name, asMembers, 32, false);
    for (const ty of t.types) {
      if (ty.ids) checkMembers(ctx, ty.name, ty.ids, 64, true);
    }
  }
}
