/**
 * The named values of a type: an enum's members, or a perf target type's
 * ids (`perf.HARDWARE`). What `over` commands iterate, reports list and
 * diffs probe.
 */
import type { MMember, Model } from './model.ts';

export function membersOfType(model: Model, type: string): readonly MMember[] {
  const en = model.enums.find((e) => e.name === type);
  if (en) return en.members;
  const dot = type.indexOf('.');
  if (dot <= 0) return [];
  return (
    model.targets
      .find((t) => t.name === type.slice(0, dot))
      ?.types.find((t) => t.name === type.slice(dot + 1))?.ids ?? []
  );
}
