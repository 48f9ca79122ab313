/**
 * Register layouts, as arch/arm64/tools/gen-sysreg.awk checks them and more:
 * width 1..64, msb >= lsb, every field inside the register, no overlaps,
 * every bit specified (a field or res0/res1), field names unique, a typed
 * field's enum no wider than the field; an index range low..high.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { allRegisters, oneOf } from './context.ts';

const RESERVED = new Set(['res0', 'res1']);

function bitsText(msb: number, lsb: number): string {
  return msb === lsb ? `${msb}` : `${msb}:${lsb}`;
}

/** Maximal runs of unset bits, high to low, as `msb:lsb` strings. */
function gaps(covered: boolean[]): string[] {
  const out: string[] = [];
  for (let bit = covered.length - 1; bit >= 0; bit--) {
    if (covered[bit]) continue;
    let low = bit;
    while (low - 1 >= 0 && !covered[low - 1]) low--;
    out.push(bitsText(bit, low));
    bit = low;
  }
  return out;
}

function checkRegister(ctx: CheckContext, reg: A.RegisterDecl): void {
  const { bag } = ctx;
  const width = Number(reg.width.value);
  if (width < 1 || width > 64) {
    bag.report('BadWidth', reg.width.span, [reg.width.text, reg.name.name]);
    return;
  }
  if (reg.index && reg.index.lo.value > reg.index.hi.value) {
    bag.report('BadIndexRange', reg.index.span, [
      reg.index.lo.text,
      reg.index.hi.text,
      reg.name.name,
    ]);
  }
  const owner: (A.FieldDecl | undefined)[] = new Array<A.FieldDecl | undefined>(width);
  const names = new Map<string, A.FieldDecl>();
  // A field with a bad range covers nothing; saying its bits are also
  // "unspecified" would only repeat the same mistake.
  let badRange = false;
  for (const field of reg.fields) {
    const msb = Number(field.bits.msb.value);
    const lsb = Number(field.bits.lsb.value);
    const name = field.name.name;
    if (!RESERVED.has(name)) {
      const previous = names.get(name);
      if (previous) {
        bag.report(
          'DuplicateMember',
          field.name.span,
          [name, reg.name.name],
          [{ message: `'${name}' is first defined here`, span: previous.name.span }],
        );
      } else names.set(name, field);
    }
    if (msb < lsb) {
      bag.report('FieldMsbBelowLsb', field.bits.span, [name, msb, lsb]);
      badRange = true;
      continue;
    }
    if (msb >= width) {
      bag.report('FieldOutsideRegister', field.bits.span, [
        name,
        bitsText(msb, lsb),
        width,
        reg.name.name,
      ]);
      badRange = true;
      continue;
    }
    for (let bit = lsb; bit <= msb; bit++) {
      const other = owner[bit];
      if (other) {
        const oMsb = Number(other.bits.msb.value);
        const oLsb = Number(other.bits.lsb.value);
        bag.report(
          'FieldOverlap',
          field.bits.span,
          [name, bitsText(msb, lsb), other.name.name, bitsText(oMsb, oLsb)],
          [{ message: `'${other.name.name}' is declared here`, span: other.span }],
        );
        break;
      }
    }
    for (let bit = lsb; bit <= msb; bit++) owner[bit] ??= field;
    if (field.type) {
      const decl = ctx.symbols.globals.get(field.type.name);
      if (!decl || decl.kind !== 'enum') {
        const enums = [...ctx.symbols.globals.values()].filter((d) => d.kind === 'enum');
        bag.report('UndefinedName', field.type.span, [
          field.type.name,
          `an enum such as ${oneOf(
            enums.map((d) => d.name.name),
            4,
          )}`,
        ]);
      } else if (Number(decl.width.value) > msb - lsb + 1) {
        bag.report('EnumWiderThanField', field.type.span, [
          decl.name.name,
          decl.width.text,
          name,
          msb - lsb + 1,
        ]);
      }
    }
  }
  const unset = gaps([...owner].map((f) => f !== undefined));
  if (unset.length > 0 && !badRange) {
    bag.report('BitsUnspecified', reg.name.span, [unset.join(', '), reg.name.name]);
  }
}

export function reportBitRanges(ctx: CheckContext): void {
  for (const reg of allRegisters(ctx.files)) checkRegister(ctx, reg);
}
