/**
 * What the tables say about an event explain is asked for: the events a
 * name, ENUM.NAME or code stands for, the tables and fixed counters that
 * name it, and the generic perf events (members of an `over` command's
 * input) that map to it. Each line keeps the tables line it comes from.
 */
import type { MArch, Model } from '../../model/model.ts';
import { membersOfType } from '../../model/members.ts';
import { printExpr } from '../../model/print-expr.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { memberName } from '../value-names.ts';

const NUM = /^(0x[0-9a-f_]+|\d+)$/i;

export interface EventRef {
  readonly enumName: string;
  readonly name: string;
  readonly value: bigint;
  readonly doc?: string;
  readonly origin: string;
}

/** Events a name, ENUM.NAME or code stands for (events enums first). */
export function findEvents(model: Model, arch: MArch, thing: string): EventRef[] {
  const enums = [...model.enums].sort(
    (a, b) => (a.kind === 'events' ? 0 : 1) - (b.kind === 'events' ? 0 : 1),
  );
  const dot = thing.indexOf('.');
  const [enumName, name] =
    dot > 0 ? [thing.slice(0, dot), thing.slice(dot + 1)] : [undefined, thing];
  const guestEnums = arch.host?.guest?.events.map((e) => e.enum) ?? [];
  const out: EventRef[] = [];
  for (const e of enums) {
    if (enumName && e.name !== enumName) continue;
    if (!enumName && NUM.test(thing) && guestEnums.length && !guestEnums.includes(e.name)) continue;
    if (!enumName && NUM.test(thing) && e.kind !== 'events') continue;
    for (const m of e.members) {
      const hit = NUM.test(name)
        ? BigInt(m.value) === BigInt(name)
        : m.name.toLowerCase() === name.toLowerCase();
      if (hit)
        out.push({
          enumName: e.name,
          name: m.name,
          value: BigInt(m.value),
          ...(m.doc ? { doc: m.doc } : {}),
          origin: m.origin,
        });
    }
  }
  return out;
}

/** A line of an explanation and the tables line it comes from. */
export interface Sourced {
  readonly text: string;
  readonly source: string;
}

/** The tables entries and fixed counters that name the event. */
export function tablesNaming(model: Model, ev: EventRef): Sourced[] {
  const lines: Sourced[] = [];
  const owner = new Map(
    model.pmus.flatMap((p) =>
      p.props.flatMap((x) => ('table' in x ? [[x.table, `${p.name}.${x.name}`] as const] : [])),
    ),
  );
  for (const t of model.tables) {
    if (t.name.includes('#')) continue;
    const title = owner.get(t.name) ?? t.name;
    for (const e of t.entries) {
      const keyHit = t.keyType === ev.enumName && BigInt(e.key) === ev.value;
      const valueHit = t.valueType === ev.enumName && BigInt(e.value) === ev.value;
      if (!keyHit && !valueHit) continue;
      const k = memberName(model, t.keyType, BigInt(e.key)) ?? e.key;
      const v = memberName(model, t.valueType, BigInt(e.value)) ?? e.value;
      lines.push({ text: `${title}: ${k} -> ${v}${e.doc ? ` "${e.doc}"` : ''}`, source: e.origin });
    }
  }
  for (const p of model.pmus) {
    for (const c of p.counters) {
      if (
        c.fixed?.op === 'const' &&
        c.fixed.enum === ev.enumName &&
        BigInt(c.fixed.value) === ev.value
      ) {
        const idx = c.lo === c.hi ? `${c.lo}` : `${c.lo}..${c.hi}`;
        lines.push({
          text: `pmu ${p.name} counter ${idx} counts it, fixed${c.via ? ` (via ${c.via})` : ''}${c.gate ? ` when ${printExpr(model, c.gate)}` : ''}`,
          source: c.origin,
        });
      }
    }
  }
  return lines;
}

/** Each `over` command whose first output is of the event's type: which members map to it. */
export function mappedFrom(model: Model, t: Tables, arch: MArch, ev: EventRef): Sourced[] {
  const lines: Sourced[] = [];
  for (const c of arch.commands) {
    const iface = model.interfaces.find((i) => i.name === c.interface);
    const first = iface?.outputs[0];
    if (!c.over || !iface || first?.type !== ev.enumName) continue;
    const overType = iface.inputs.find((i) => i.name === c.over)?.type ?? '';
    const ids = membersOfType(model, overType);
    for (const consumer of consumersOf(t, c.interface)) {
      for (const id of ids) {
        const r = runConsumer(t, consumer, { [c.over]: BigInt(id.value) }, c.interface);
        if (r.outputs[first.name] === ev.value && r.outcome?.kind !== 'refused') {
          const origin = r.trace.find((x) => x.step === `output ${first.name}`)?.origin ?? '';
          lines.push({
            text: `${c.name} ${arch.name} --consumer ${consumer}: ${id.name} -> ${ev.name}`,
            source: origin,
          });
        }
      }
    }
  }
  return lines;
}
