/**
 * The report's protocol sections (issue 20): per protocol its calls, state
 * and errnos, and per machine a state table, one row per transition (the
 * call, the step, its guard, the result and the effects on the state), with
 * its tables line.
 */
import type { Model } from '../../model/model.ts';
import { statusLabel } from '../../model/kernel-choice.ts';
import { printEffects, printPExpr, stepName } from '../../protocol/print-pexpr.ts';

export interface ReportTransition {
  readonly call: string;
  readonly step: string;
  readonly guard: string;
  readonly result: string;
  readonly effects: string;
  readonly origin: string;
}

export interface ReportProtocol {
  readonly name: string;
  readonly arch: string;
  readonly doc?: string;
  readonly origin: string;
  readonly calls: readonly {
    readonly name: string;
    readonly params: string;
    readonly doc: string;
  }[];
  readonly state: readonly { readonly name: string; readonly init: string; readonly doc: string }[];
  readonly errnos: readonly string[];
  readonly machines: readonly {
    readonly name: string;
    readonly kernel: string;
    readonly parent?: string;
    readonly origin: string;
    readonly transitions: readonly ReportTransition[];
  }[];
}

export function collectProtocols(model: Model): ReportProtocol[] {
  return (model.protocols ?? []).map((p) => ({
    name: p.name,
    arch: p.arch,
    ...(p.doc ? { doc: p.doc } : {}),
    origin: p.origin,
    calls: p.calls.map((c) => ({
      name: c.name,
      params: c.params
        .map((x) => `${x.name}${x.default !== undefined ? ` = ${x.default}` : ''}`)
        .join(', '),
      doc: c.doc ?? '',
    })),
    state: p.state.map((s) => ({ name: `${s.scope}.${s.name}`, init: s.init, doc: s.doc ?? '' })),
    errnos: p.errnos.map((e) => `${e.name} (${e.value})`),
    machines: (model.machines ?? [])
      .filter((m) => m.protocol === p.name)
      .map((m) => ({
        name: m.name,
        kernel: statusLabel(m.status),
        ...(m.parent ? { parent: m.parent } : {}),
        origin: m.origin,
        transitions: m.steps.flatMap((s, i) =>
          s.kind === 'rule'
            ? [
                {
                  call: s.call ?? 'every call',
                  step: stepName(s, i),
                  guard: s.condition ? printPExpr(s.condition) : '(otherwise)',
                  result: s.result,
                  effects: printEffects(s.effects),
                  origin: s.origin,
                },
              ]
            : [],
        ),
      })),
  }));
}
