/**
 * How a runtime value is named in an answer: the enum member or perf id a
 * typed value stands for, and the JSON form of any value. Every front-end
 * (CLI, report, diff, the library API) names values this one way.
 */
import type { Model } from '../model/model.ts';
import type { Value } from '../runtime/values.ts';

/** The name of the enum member (or perf id) a typed output or input value stands for, if any. */
export function memberName(model: Model, type: string | undefined, v: Value): string | undefined {
  if (typeof v !== 'bigint' || type === undefined) return undefined;
  const en = model.enums.find((e) => e.name === type);
  if (en) return en.members.find((m) => BigInt(m.value) === v)?.name;
  const dot = type.indexOf('.');
  if (dot > 0) {
    const ids = model.targets
      .find((t) => t.name === type.slice(0, dot))
      ?.types.find((t) => t.name === type.slice(dot + 1))?.ids;
    return ids?.find((m) => BigInt(m.value) === v)?.name;
  }
  return undefined;
}

/** JSON form of a value: integers as "0x.." strings. */
export function jsonValue(v: Value): unknown {
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (typeof v === 'boolean') return v;
  if (v.kind === 'ranges')
    return v.items.map((r) => ({
      action: Number(r.action),
      lo: `0x${r.lo.toString(16)}`,
      hi: `0x${r.hi.toString(16)}`,
    }));
  return v.name;
}
