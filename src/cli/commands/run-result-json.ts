/** The JSON form of one consumer run, shared by `run --json` and `explain --json`. */
import type { RunResult } from '../../runtime/run.ts';
import { jsonValue } from '../../query/value-names.ts';

export function resultJson(r: RunResult): unknown {
  const o = r.outcome;
  return {
    consumer: r.consumer,
    outcome: o
      ? o.kind === 'perf'
        ? {
            kind: 'perf',
            event: o.event ?? null,
            attr: Object.fromEntries(Object.entries(o.attr).map(([k, v]) => [k, jsonValue(v)])),
            source: o.origin,
          }
        : o.kind === 'refused'
          ? { kind: 'refused', code: o.code, message: o.message, source: o.origin }
          : { kind: 'software', message: o.message, source: o.origin }
      : null,
    outputs: Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, jsonValue(v)])),
    trace: r.trace.map((t) => ({
      source: t.origin,
      step: t.step,
      ...(t.value !== undefined ? { value: jsonValue(t.value) } : {}),
      ...(t.taken !== undefined ? { taken: t.taken } : {}),
    })),
  };
}
