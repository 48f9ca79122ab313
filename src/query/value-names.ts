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
  return namesOf(model, type)?.get(v);
}

const names = new WeakMap<Model, Map<string, ReadonlyMap<bigint, string> | undefined>>();

/** Each value of an enum (or perf id type) and the first member that has it, once per model and type. */
function namesOf(model: Model, type: string): ReadonlyMap<bigint, string> | undefined {
  let perModel = names.get(model);
  if (!perModel) names.set(model, (perModel = new Map()));
  if (perModel.has(type)) return perModel.get(type);
  const en = model.enums.find((e) => e.name === type);
  const dot = type.indexOf('.');
  const members = en
    ? en.members
    : dot > 0
      ? model.targets
          .find((t) => t.name === type.slice(0, dot))
          ?.types.find((t) => t.name === type.slice(dot + 1))?.ids
      : undefined;
  let byValue: Map<bigint, string> | undefined;
  if (members) {
    byValue = new Map();
    for (const m of members) {
      const value = BigInt(m.value);
      if (!byValue.has(value)) byValue.set(value, m.name);
    }
  }
  perModel.set(type, byValue);
  return byValue;
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
