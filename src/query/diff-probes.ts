/**
 * The questions a semantic diff asks both versions of the tables: each
 * arch's guest matrix (every event and guest counter on every recognised
 * host PMU, in every mode), every command that runs over an enum (each
 * member, every consumer), and every example's inputs (every consumer of
 * its interface). An answer is a short canonical string, so two versions
 * that decide alike answer alike whatever their source order or lines.
 */
import { memberName } from './value-names.ts';
import { runGuest } from './guest-run.ts';
import type { Model } from '../model/model.ts';
import { membersOfType } from '../model/members.ts';
import { printExpr } from '../model/print-expr.ts';
import { evaluate } from '../runtime/evaluate.ts';
import type { RunResult } from '../runtime/run.ts';
import { consumersOf, runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import { EvalError, formatValue } from '../runtime/values.ts';

export interface Answer {
  /** perf, generic, software, direct, refused, outputs, error */
  readonly kind: string;
  /** Canonical text: equal texts mean the same answer. */
  readonly text: string;
  readonly origin?: string;
}

export type Answers = Map<string, Answer>;

function answerOf(model: Model, iface: string, r: RunResult): Answer {
  const o = r.outcome;
  const outputs = model.interfaces.find((i) => i.name === iface)?.outputs ?? [];
  const outs = Object.entries(r.outputs)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => {
      const name = memberName(model, outputs.find((x) => x.name === k)?.type, v);
      return `${k} = ${formatValue(v)}${name ? ` (${name})` : ''}`;
    })
    .join(', ');
  const firstOutput = r.trace.find((e) => e.step.startsWith('output '))?.origin;
  if (!o) return { kind: 'outputs', text: outs, ...(firstOutput ? { origin: firstOutput } : {}) };
  const withOuts = (t: string) => (outs ? `${t}; ${outs}` : t);
  if (o.kind === 'refused') return { kind: 'refused', text: `refused ${o.code}`, origin: o.origin };
  if (o.kind === 'perf') {
    const attrs = Object.entries(o.attr)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    const kind = o.event ? 'generic' : 'perf';
    return {
      kind,
      text: withOuts(o.event ? `generic ${o.event} {${attrs}}` : `perf {${attrs}}`),
      origin: o.origin,
    };
  }
  if (o.kind === 'software')
    return {
      kind: 'software',
      text: withOuts(`software ${o.code ?? ''}`.trim()),
      origin: o.origin,
    };
  return { kind: 'direct', text: withOuts('direct'), origin: o.origin };
}

function guard(fn: () => Answer): Answer {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EvalError) return { kind: 'error', text: `cannot evaluate: ${e.message}` };
    throw e;
  }
}

export function probe(model: Model, t: Tables): Answers {
  const out: Answers = new Map();
  for (const arch of model.archs) {
    const g = arch.host?.guest;
    if (g) {
      const impls = [...new Set(arch.host?.devices.map((d) => d.pmu))];
      const iface = arch.commands.find((c) => c.name === g.command)?.interface ?? '';
      // The modes whose consumer answers the guest command.
      const modes = arch.modes.filter((m) =>
        model.consumers.some((c) => c.name === m.consumer && c.implements === iface),
      );
      for (const pmu of impls) {
        for (const mode of modes) {
          const ask = (what: string, counter: number, event: bigint) => {
            const answer = guard(() => {
              const r = runGuest(t, arch, mode.name, {
                pmu,
                counter,
                event,
                explicit: false,
              });
              return r ? answerOf(model, iface, r) : { kind: 'error', text: 'no such mode' };
            });
            out.set(`${arch.name} ${g.command} --mode ${mode.name} --pmu ${pmu}: ${what}`, answer);
          };
          for (const c of g.counters) ask(`${c.name} counter ${c.index}`, c.index, 0n);
          for (const ev of g.events) {
            for (const m of model.enums.find((e) => e.name === ev.enum)?.members ?? []) {
              ask(`${m.name} on counter ${ev.counter}`, ev.counter, BigInt(m.value));
            }
          }
        }
      }
    }
    for (const c of arch.commands) {
      if (!c.over) continue;
      const iface = model.interfaces.find((i) => i.name === c.interface);
      const overType = iface?.inputs.find((i) => i.name === c.over)?.type ?? '';
      const ids = membersOfType(model, overType);
      const example = model.examples.find((x) => x.on === c.interface);
      for (const consumer of consumersOf(t, c.interface)) {
        for (const m of ids) {
          out.set(
            `${arch.name} ${c.name} --consumer ${consumer}: ${m.name}`,
            guard(() => {
              const given = Object.fromEntries(
                (example?.given ?? [])
                  .filter((x) => x.name !== c.over)
                  .map((x) => [x.name, evaluate(t, x.value)]),
              );
              const r = runConsumer(
                t,
                consumer,
                { ...given, [c.over ?? '']: BigInt(m.value) },
                c.interface,
              );
              return answerOf(model, c.interface, r);
            }),
          );
        }
      }
    }
  }
  for (const x of model.examples) {
    const given = x.given.map((g) => `${g.name} = ${printExpr(model, g.value)}`).join(', ');
    for (const consumer of consumersOf(t, x.on)) {
      out.set(
        `${x.on} --consumer ${consumer}: ${given}`,
        guard(() => {
          const inputs = Object.fromEntries(x.given.map((g) => [g.name, evaluate(t, g.value)]));
          return answerOf(model, x.on, runConsumer(t, consumer, inputs, x.on));
        }),
      );
    }
  }
  return out;
}
