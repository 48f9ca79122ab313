/**
 * Protocols in `pmumap diff` (issue 20): machines added or removed, and per
 * machine of both versions each transition (a call's labelled step, or its
 * final `=>`) added, removed or changed in its guard, result or effects.
 * Compared by name and printed meaning, never by line.
 */
import type { Model } from '../model/model.ts';
import type { MMachine, PStep } from '../model/protocol-model.ts';
import { printRule, stepName } from '../protocol/print-pexpr.ts';
import type { Change } from './change.ts';

export interface ProtocolChanges {
  readonly added: Change[];
  readonly removed: Change[];
  readonly transitions: Change[];
}

const key = (m: MMachine): string => `${m.protocol} ${m.name}`;

function transitions(m: MMachine): Map<string, { text: string; origin: string }> {
  const out = new Map<string, { text: string; origin: string }>();
  m.steps.forEach((s: PStep, i) => {
    if (s.kind !== 'rule') return;
    out.set(`${s.call ?? 'every call'} ${stepName(s, i)}`, {
      text: printRule(s),
      origin: s.origin,
    });
  });
  return out;
}

export function compareProtocols(a: Model, b: Model): ProtocolChanges {
  const out: ProtocolChanges = { added: [], removed: [], transitions: [] };
  const before = new Map((a.machines ?? []).map((m) => [key(m), m]));
  const after = new Map((b.machines ?? []).map((m) => [key(m), m]));
  for (const [k, m] of after) {
    if (!before.has(k))
      out.added.push({ subject: `machine ${k}`, to: m.doc ?? m.name, toOrigin: m.origin });
  }
  for (const [k, m] of before) {
    const now = after.get(k);
    if (!now) {
      out.removed.push({ subject: `machine ${k}`, from: m.doc ?? m.name, fromOrigin: m.origin });
      continue;
    }
    const x = transitions(m);
    const y = transitions(now);
    for (const [t, was] of x) {
      const is = y.get(t);
      if (!is)
        out.transitions.push({ subject: `${k}: ${t}`, from: was.text, fromOrigin: was.origin });
      else if (is.text !== was.text) {
        out.transitions.push({
          subject: `${k}: ${t}`,
          from: was.text,
          to: is.text,
          fromOrigin: was.origin,
          toOrigin: is.origin,
        });
      }
    }
    for (const [t, is] of y) {
      if (!x.has(t))
        out.transitions.push({ subject: `${k}: ${t}`, to: is.text, toOrigin: is.origin });
    }
  }
  return out;
}
