/**
 * A semantic diff of two compiled versions of the tables, grouped by what
 * a reviewer must weigh: answers that changed (mappings changed, newly
 * refused, newly allowed), events added or removed or renumbered, register
 * layouts changed, table entries changed, consumers added or removed, and
 * disagreement classes introduced or removed, protocol machines added or
 * removed and their transitions changed. Everything is compared by
 * name and meaning, never by source line, so formatting and reordering
 * give no difference; each entry still shows the tables lines involved.
 */
import { compareCoreGeneric } from './compare-core-generic.ts';
import { compareDeclarations } from './compare-declarations.ts';
import { compareProtocols } from './compare-protocols.ts';
import { compareStatuses } from './compare-statuses.ts';
import { statusLabel } from '../model/kernel-choice.ts';
import type { Disagreements } from '../query/disagreements.ts';
import { disagreements } from '../query/disagreements.ts';
import type { MRegister, Model } from '../model/model.ts';
import { printExpr } from '../model/print-expr.ts';
import { memberName } from '../query/value-names.ts';
import type { Tables } from '../runtime/tables.ts';
import type { Answer } from '../query/diff-probes.ts';
import { probe } from '../query/diff-probes.ts';
import type { Change } from './change.ts';

export const GROUPS = [
  ['mappingsChanged', 'mappings changed'],
  ['newlyRefused', 'newly refused'],
  ['newlyAllowed', 'newly allowed'],
  ['reasonsChanged', 'refusal reasons changed'],
  ['eventsAdded', 'events added'],
  ['eventsRemoved', 'events removed'],
  ['eventsRenumbered', 'events renumbered'],
  ['enumsChanged', 'enum members changed'],
  ['layoutsChanged', 'field layouts changed'],
  ['tablesChanged', 'table entries changed'],
  ['coresChanged', 'vendor cores changed'],
  ['consumersAdded', 'consumers added'],
  ['consumersRemoved', 'consumers removed'],
  ['archsAdded', 'archs added'],
  ['archsRemoved', 'archs removed'],
  ['pmusAdded', 'pmus added'],
  ['pmusRemoved', 'pmus removed'],
  ['reasonsAdded', 'refusal reasons added'],
  ['reasonsRemoved', 'refusal reasons removed'],
  ['hostRulesAdded', 'host rules added'],
  ['hostRulesRemoved', 'host rules removed'],
  ['examplesAdded', 'examples added'],
  ['examplesRemoved', 'examples removed'],
  ['seriesMerged', 'series merged (patch-only -> mainline)'],
  ['statusesChanged', 'consumer status changed'],
  ['disagreementsIntroduced', 'consumer disagreements introduced'],
  ['disagreementsRemoved', 'consumer disagreements removed'],
  ['machinesAdded', 'protocol machines added'],
  ['machinesRemoved', 'protocol machines removed'],
  ['transitionsChanged', 'protocol transitions changed'],
] as const;

export type GroupKey = (typeof GROUPS)[number][0];
export type SemanticDiff = Record<GroupKey, Change[]>;

export interface Side {
  readonly model: Model;
  readonly tables: Tables;
}

function emptyDiff(): SemanticDiff {
  return Object.fromEntries(GROUPS.map(([k]) => [k, []])) as unknown as SemanticDiff;
}

export function differenceCount(d: SemanticDiff): number {
  return GROUPS.reduce((n, [k]) => n + d[k].length, 0);
}

function compareAnswers(a: Map<string, Answer>, b: Map<string, Answer>, out: SemanticDiff): void {
  for (const [key, x] of a) {
    const y = b.get(key);
    // A question only one side can ask shows up as an added/removed event or consumer.
    if (!y || x.text === y.text) continue;
    const change: Change = {
      subject: key,
      from: x.text,
      to: y.text,
      ...(x.origin ? { fromOrigin: x.origin } : {}),
      ...(y.origin ? { toOrigin: y.origin } : {}),
    };
    if (x.kind !== 'refused' && y.kind === 'refused') out.newlyRefused.push(change);
    else if (x.kind === 'refused' && y.kind !== 'refused') out.newlyAllowed.push(change);
    else if (x.kind === 'refused') out.reasonsChanged.push(change);
    else out.mappingsChanged.push(change);
  }
}

function compareEnums(a: Model, b: Model, out: SemanticDiff): void {
  const summary = (e: Model['enums'][number]) =>
    e.members
      .slice(0, 8)
      .map((m) => `${m.name} = ${m.value}`)
      .join(', ') + (e.members.length > 8 ? `, ... (${e.members.length} members)` : '');
  for (const ea of a.enums) {
    const eb = b.enums.find((e) => e.name === ea.name);
    const isEvents = ea.kind === 'events';
    if (!eb && !isEvents) {
      out.enumsChanged.push({
        subject: `enum ${ea.name} removed`,
        from: summary(ea),
        fromOrigin: ea.origin,
      });
      continue;
    }
    const members = eb?.members ?? [];
    for (const m of ea.members) {
      const n = members.find((x) => x.name === m.name);
      const subject = `${ea.name}.${m.name}`;
      if (!n) {
        (isEvents ? out.eventsRemoved : out.enumsChanged).push({
          subject,
          from: m.value,
          fromOrigin: m.origin,
        });
      } else if (BigInt(n.value) !== BigInt(m.value)) {
        (isEvents ? out.eventsRenumbered : out.enumsChanged).push({
          subject,
          from: m.value,
          to: n.value,
          fromOrigin: m.origin,
          toOrigin: n.origin,
        });
      }
    }
    for (const n of members) {
      if (!ea.members.some((m) => m.name === n.name)) {
        (isEvents ? out.eventsAdded : out.enumsChanged).push({
          subject: `${ea.name}.${n.name}`,
          to: n.value,
          toOrigin: n.origin,
        });
      }
    }
  }
  for (const eb of b.enums) {
    if (a.enums.some((e) => e.name === eb.name)) continue;
    if (eb.kind === 'events') {
      for (const n of eb.members)
        out.eventsAdded.push({ subject: `${eb.name}.${n.name}`, to: n.value, toOrigin: n.origin });
    } else
      out.enumsChanged.push({
        subject: `enum ${eb.name} added`,
        to: summary(eb),
        toOrigin: eb.origin,
      });
  }
}

function layout(model: Model, r: MRegister): Map<string, { text: string; origin: string }> {
  const fields = new Map<string, { text: string; origin: string }>();
  for (const f of r.fields) {
    const bits = f.msb === f.lsb ? `${f.msb}` : `${f.msb}:${f.lsb}`;
    const name = f.reserved ? `${f.reserved}@${bits}` : f.name;
    const gate = f.gate ? ` when ${printExpr(model, f.gate)}` : '';
    fields.set(name, {
      text: `${bits} ${f.reserved ?? f.name}${f.enum ? ` : ${f.enum}` : ''}${f.negative ? ' negative' : ''}${gate}`,
      origin: f.origin,
    });
  }
  return fields;
}

function compareRegisters(a: Model, b: Model, out: SemanticDiff): void {
  for (const ra of a.registers) {
    const rb = b.registers.find((r) => r.name === ra.name);
    if (!rb) {
      out.layoutsChanged.push({
        subject: ra.name,
        from: `${ra.width}-bit register`,
        fromOrigin: ra.origin,
      });
      continue;
    }
    if (ra.width !== rb.width)
      out.layoutsChanged.push({
        subject: ra.name,
        from: `${ra.width} bits`,
        to: `${rb.width} bits`,
        fromOrigin: ra.origin,
        toOrigin: rb.origin,
      });
    const fa = layout(a, ra);
    const fb = layout(b, rb);
    for (const [name, x] of fa) {
      const y = fb.get(name);
      if (!y)
        out.layoutsChanged.push({
          subject: `${ra.name}.${name}`,
          from: x.text,
          fromOrigin: x.origin,
        });
      else if (x.text !== y.text)
        out.layoutsChanged.push({
          subject: `${ra.name}.${name}`,
          from: x.text,
          to: y.text,
          fromOrigin: x.origin,
          toOrigin: y.origin,
        });
    }
    for (const [name, y] of fb) {
      if (!fa.has(name))
        out.layoutsChanged.push({ subject: `${rb.name}.${name}`, to: y.text, toOrigin: y.origin });
    }
  }
  for (const rb of b.registers) {
    if (!a.registers.some((r) => r.name === rb.name))
      out.layoutsChanged.push({
        subject: rb.name,
        to: `${rb.width}-bit register`,
        toOrigin: rb.origin,
      });
  }
}

function compareTables(a: Model, b: Model, out: SemanticDiff): void {
  // Entries are keyed by what the key names (an event by its name), so a
  // renumbered event is one change (events renumbered), not two here.
  const entries = (m: Model) =>
    new Map(
      m.tables.flatMap((t) =>
        t.entries.map((e) => {
          const key = `${t.name}[${memberName(m, t.keyType, BigInt(e.key)) ?? e.key}]`;
          const named = memberName(m, t.valueType, BigInt(e.value));
          return [
            key,
            { value: e.value, shown: named ? `${e.value} (${named})` : e.value, origin: e.origin },
          ] as const;
        }),
      ),
    );
  const ea = entries(a);
  const eb = entries(b);
  for (const [k, x] of ea) {
    const y = eb.get(k);
    if (!y) out.tablesChanged.push({ subject: k, from: x.shown, fromOrigin: x.origin });
    else if (x.shown !== y.shown)
      out.tablesChanged.push({
        subject: k,
        from: x.shown,
        to: y.shown,
        fromOrigin: x.origin,
        toOrigin: y.origin,
      });
  }
  for (const [k, y] of eb)
    if (!ea.has(k)) out.tablesChanged.push({ subject: k, to: y.shown, toOrigin: y.origin });
}

/** Vendor cores (pmumap import): added or removed, counters, fixed counters, events by encoding. */
function compareCores(a: Model, b: Model, out: SemanticDiff): void {
  const fixedText = (c: Model['cores'][number]) =>
    [...new Set(c.fixed.map((f) => f.index))].sort((x, y) => x - y).join(', ');
  const events = (c: Model['cores'][number]) =>
    new Map([
      ...c.common.map((e) => [`${e.code} ${e.name}`, e.origin] as const),
      ...c.events.map(
        (e) =>
          [
            `${e.code}${e.umask ? `:${e.umask}` : ''}${e.qualifiers ? ` ${e.qualifiers}` : ''} ${e.name}`,
            e.origin,
          ] as const,
      ),
    ]);
  for (const ca of a.cores) {
    const cb = b.cores.find((c) => c.name === ca.name);
    if (!cb) {
      out.coresChanged.push({
        subject: `core ${ca.name} removed`,
        from: ca.doc ?? ca.name,
        fromOrigin: ca.origin,
      });
      continue;
    }
    if (ca.counters !== cb.counters)
      out.coresChanged.push({
        subject: `core ${ca.name}: counters`,
        from: String(ca.counters ?? '-'),
        to: String(cb.counters ?? '-'),
        fromOrigin: ca.origin,
        toOrigin: cb.origin,
      });
    if (fixedText(ca) !== fixedText(cb))
      out.coresChanged.push({
        subject: `core ${ca.name}: fixed counters`,
        from: `{${fixedText(ca)}}`,
        to: `{${fixedText(cb)}}`,
        fromOrigin: ca.origin,
        toOrigin: cb.origin,
      });
    const ea = events(ca);
    const eb = events(cb);
    for (const [k, origin] of ea)
      if (!eb.has(k))
        out.coresChanged.push({
          subject: `core ${ca.name}: event ${k}`,
          from: 'listed',
          fromOrigin: origin,
        });
    for (const [k, origin] of eb)
      if (!ea.has(k))
        out.coresChanged.push({
          subject: `core ${cb.name}: event ${k}`,
          to: 'listed',
          toOrigin: origin,
        });
  }
  for (const cb of b.cores) {
    if (!a.cores.some((c) => c.name === cb.name))
      out.coresChanged.push({
        subject: `core ${cb.name} added`,
        to: `${cb.doc ?? cb.name}: ${cb.events.length + cb.common.length} events, fixed {${fixedText(cb)}}`,
        toOrigin: cb.origin,
      });
  }
}

function compareConsumers(a: Model, b: Model, out: SemanticDiff): void {
  const key = (c: Model['consumers'][number]) => `${c.implements} ${c.name}`;
  const kb = new Set(b.consumers.map(key));
  const ka = new Set(a.consumers.map(key));
  // Each with the kernel it modelled or models (its status).
  for (const c of a.consumers)
    if (!kb.has(key(c)))
      out.consumersRemoved.push({
        subject: key(c),
        from: statusLabel(c.status),
        fromOrigin: c.origin,
      });
  for (const c of b.consumers)
    if (!ka.has(key(c)))
      out.consumersAdded.push({ subject: key(c), to: statusLabel(c.status), toOrigin: c.origin });
  const statuses = compareStatuses(a, b);
  out.seriesMerged.push(...statuses.seriesMerged);
  out.statusesChanged.push(...statuses.statusesChanged);
}

/**
 * A class's warnings are named by the tables line of their warn step; the
 * diff names them by the step itself (its label, else its message), so the
 * same tables at another path or with other line numbers compare equal.
 */
function warnNames(model: Model): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of model.consumers)
    for (const s of c.steps)
      if (s.kind === 'warn') names.set(s.origin, `warn ${s.label ?? JSON.stringify(s.message)}`);
  return names;
}

function classes(model: Model, list: readonly Disagreements[]): Map<string, string> {
  const out = new Map<string, string>();
  const names = warnNames(model);
  for (const d of list) {
    for (const c of d.classes) {
      const witness = Object.entries(c.witness)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const signature = c.signature.replace(
        /\[warnings: (.*)\]$/,
        (_, origins: string) =>
          `[warnings: ${origins
            .split(', ')
            .map((o) => names.get(o) ?? o)
            .sort()
            .join(', ')}]`,
      );
      out.set(`${d.interface}: ${signature}`, `${c.count} inputs, e.g. ${witness}`);
    }
  }
  return out;
}

export function semanticDiff(a: Side, b: Side): SemanticDiff {
  const out = emptyDiff();
  compareAnswers(probe(a.model, a.tables), probe(b.model, b.tables), out);
  compareEnums(a.model, b.model, out);
  compareRegisters(a.model, b.model, out);
  compareTables(a.model, b.model, out);
  compareConsumers(a.model, b.model, out);
  compareCores(a.model, b.model, out);
  out.coresChanged.push(...compareCoreGeneric(a, b));
  const declared = compareDeclarations(a.model, b.model);
  for (const [kind, changes] of Object.entries(declared)) {
    for (const d of changes.added)
      out[`${kind}Added` as GroupKey].push({ subject: d.subject, to: d.text, toOrigin: d.origin });
    for (const d of changes.removed)
      out[`${kind}Removed` as GroupKey].push({
        subject: d.subject,
        from: d.text,
        fromOrigin: d.origin,
      });
  }
  const ca = classes(a.model, disagreements(a.model, a.tables, []));
  const cb = classes(b.model, disagreements(b.model, b.tables, []));
  for (const [k, v] of cb) if (!ca.has(k)) out.disagreementsIntroduced.push({ subject: k, to: v });
  for (const [k, v] of ca) if (!cb.has(k)) out.disagreementsRemoved.push({ subject: k, from: v });
  const protocols = compareProtocols(a.model, b.model);
  out.machinesAdded.push(...protocols.added);
  out.machinesRemoved.push(...protocols.removed);
  out.transitionsChanged.push(...protocols.transitions);
  for (const [k] of GROUPS)
    out[k].sort((x, y) => (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0));
  return out;
}
