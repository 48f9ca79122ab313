/**
 * One consumer's answer as the library returns it: the typed outcome, the
 * tables line that decided it, the interface's outputs (with the names of
 * enum-valued ones), warnings and the step-by-step trace.
 */
import type { MInterface, Model } from '../model/model.ts';
import type { Outcome, RunResult, TraceEntry, Warning } from '../runtime/run.ts';
import type { Value } from '../runtime/values.ts';
import { memberName } from '../query/value-names.ts';

export interface Answer {
  readonly interface: string;
  readonly consumer: string;
  /** perf (with its perf_event_attr fields), software, direct or refused; absent for an interface without outcomes. */
  readonly outcome?: Outcome;
  /** The tables line that decided, `file:line` (the outcome's origin). */
  readonly decidedAt?: string;
  /** The text of that line, trimmed, when its source file is at hand. */
  readonly decidingLine?: string;
  /** The interface's outputs: integers as bigint, booleans, pmus and ranges as objects. */
  readonly outputs: Readonly<Record<string, Value>>;
  /** For integer outputs of an enum or perf-id type, the member's name (`event: 'INST_RETIRED'`). */
  readonly outputNames: Readonly<Record<string, string>>;
  readonly warnings: readonly Warning[];
  /** Every step taken, with its tables line; empty when run with `trace: false`. */
  readonly trace: readonly TraceEntry[];
}

export function answerOf(
  model: Model,
  iface: MInterface,
  r: RunResult,
  lineText: (origin: string) => string | undefined,
): Answer {
  const outputNames: Record<string, string> = {};
  for (const o of iface.outputs) {
    const v = r.outputs[o.name];
    const name = v === undefined ? undefined : memberName(model, o.type, v);
    if (name !== undefined) outputNames[o.name] = name;
  }
  const origin = r.outcome?.origin;
  const text = origin === undefined ? undefined : lineText(origin);
  return {
    interface: iface.name,
    consumer: r.consumer,
    ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(origin !== undefined ? { decidedAt: origin } : {}),
    ...(text !== undefined ? { decidingLine: text } : {}),
    outputs: r.outputs,
    outputNames,
    warnings: r.warnings,
    trace: r.trace,
  };
}
