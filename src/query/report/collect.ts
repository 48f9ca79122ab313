/**
 * Everything `pmumap report` shows, computed from the model and the
 * runtime: registers, pmu implementations and their tables, every lookup
 * table, each arch's guest event matrix (the map command for every event
 * on every host PMU the tables recognise, in every mode), the commands
 * that run over an enum (generic perf maps), the consumers' disagreement
 * classes, and every example. Each row keeps its tables line. Renderers
 * (HTML, Markdown) only format this.
 */
import type { Disagreements } from '../disagreements.ts';
import { disagreements } from '../disagreements.ts';
import { memberName } from '../value-names.ts';
import { runGuest } from '../guest-run.ts';
import type { MExpr, Model } from '../../model/model.ts';
import { membersOfType } from '../../model/members.ts';
import { printExpr } from '../../model/print-expr.ts';
import type { Outcome, RunResult } from '../../runtime/run.ts';
import { evaluate } from '../../runtime/evaluate.ts';
import { findConsumer, statusLabel } from '../../model/kernel-choice.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { formatValue } from '../../runtime/values.ts';
import type { ReportCoreSections } from './collect-cores.ts';
import { coreSections } from './collect-cores.ts';
import type { Cell } from './cell.ts';
import type { ReportProtocol } from './collect-protocols.ts';
import { collectProtocols } from './collect-protocols.ts';

export interface ReportField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  readonly reserved?: 'res0' | 'res1';
  readonly doc?: string;
  readonly gate?: string;
  readonly enum?: string;
  readonly origin: string;
}

export interface ReportRegister {
  readonly name: string;
  readonly width: number;
  readonly doc?: string;
  readonly origin: string;
  readonly note?: string;
  readonly fields: readonly ReportField[];
}

export interface Row {
  readonly key: string;
  readonly value: string;
  readonly doc?: string;
  readonly origin: string;
}

export interface ReportTable {
  readonly name: string;
  readonly title: string;
  readonly doc?: string;
  readonly origin: string;
  readonly rows: readonly Row[];
}

export interface ReportPmu {
  readonly name: string;
  readonly parent?: string;
  readonly doc?: string;
  readonly origin: string;
  readonly props: readonly Row[];
  readonly counters: readonly {
    readonly index: string;
    readonly kind: string;
    readonly via?: string;
    readonly gate?: string;
    readonly doc?: string;
    readonly origin: string;
  }[];
  readonly tables: readonly ReportTable[];
}

export interface Matrix {
  readonly id: string;
  readonly title: string;
  readonly doc: string;
  readonly columns: readonly string[];
  readonly rows: readonly {
    readonly name: string;
    readonly code: string;
    readonly doc?: string;
    readonly origin: string;
    readonly cells: readonly Cell[];
  }[];
}

export interface ReportExample {
  readonly title: string;
  readonly cite?: string;
  readonly on: string;
  readonly origin: string;
  readonly given: string;
  readonly answers: readonly {
    readonly consumer: string;
    /** Which kernel the consumer models: "mainline v6.10 and later", "patch-only: ..." (its status). */
    readonly status: string;
    readonly cell: Cell;
  }[];
}

export interface ReportCore {
  readonly name: string;
  readonly doc?: string;
  readonly pmu: string;
  readonly id?: string;
  readonly counters?: number;
  /** Fixed counter indices, and the indices missing below the highest (a hole). */
  readonly fixed: readonly number[];
  readonly holes: readonly number[];
  readonly architectural: number;
  readonly events: number;
  readonly source?: string;
  readonly origin: string;
}

export interface ReportData {
  readonly archs: readonly {
    readonly name: string;
    readonly doc?: string;
    readonly origin: string;
    readonly commands: readonly { readonly name: string; readonly text: string }[];
  }[];
  readonly registers: readonly ReportRegister[];
  readonly pmus: readonly ReportPmu[];
  readonly tables: readonly ReportTable[];
  readonly matrices: readonly Matrix[];
  readonly disagreements: readonly Disagreements[];
  readonly examples: readonly ReportExample[];
  readonly reasons: readonly {
    readonly code: string;
    readonly doc: string;
    readonly origin: string;
  }[];
  readonly cores: readonly ReportCore[];
  readonly coreSections: ReportCoreSections;
  /** Protocols and a state table per machine (issue 20); absent when the tables have none. */
  readonly protocols?: readonly ReportProtocol[];
}

/** A value of a given type as the tables name it (enum member, perf id), else hex. */
function shown(model: Model, type: string, value: string): string {
  const name = memberName(model, type, BigInt(value));
  return name ?? value;
}

export function outcomeCell(o: Outcome | undefined, outputs: RunResult['outputs'] = {}): Cell {
  if (!o) {
    const text = Object.entries(outputs)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join(', ');
    return { kind: 'value', text };
  }
  if (o.kind === 'perf') {
    if (o.event)
      return { kind: 'generic', text: o.event.replace(/^perf\.HARDWARE\./, ''), origin: o.origin };
    const config = o.attr['config'];
    const type = o.attr['type'];
    return {
      kind: 'perf',
      text: `config ${typeof config === 'bigint' ? formatValue(config) : '?'}`,
      detail: `perf type ${String(type)}`,
      origin: o.origin,
    };
  }
  if (o.kind === 'refused')
    return { kind: 'refused', text: o.code, detail: o.message, origin: o.origin };
  if (o.kind === 'software')
    return { kind: 'software', text: o.code ?? 'software', detail: o.message, origin: o.origin };
  return { kind: 'direct', text: 'guest-owned', detail: o.message, origin: o.origin };
}

function registers(model: Model): ReportRegister[] {
  const gate = (g: MExpr | undefined) => (g ? printExpr(model, g) : undefined);
  return model.registers.map((r) => {
    const notes: string[] = [];
    if (r.index) notes.push(`one register per ${r.index.variable} in ${r.index.lo}..${r.index.hi}`);
    if (r.cpuid)
      notes.push(
        `CPUID leaf ${r.cpuid.leaf}${r.cpuid.subleaf ? ` subleaf ${r.cpuid.subleaf}` : ''}, ${r.cpuid.reg.toUpperCase()}`,
      );
    if (r.negative) notes.push('a set bit means NOT available');
    if (r.below) notes.push(`valid only below ${printExpr(model, r.below)}`);
    return {
      name: r.name,
      width: r.width,
      ...(r.doc ? { doc: r.doc } : {}),
      origin: r.origin,
      ...(notes.length ? { note: notes.join('; ') } : {}),
      fields: r.fields.map((f) => {
        const g = gate(f.gate);
        return {
          name: f.name,
          msb: f.msb,
          lsb: f.lsb,
          ...(f.reserved ? { reserved: f.reserved } : {}),
          ...(f.doc ? { doc: f.doc } : {}),
          ...(g ? { gate: g } : {}),
          ...(f.enum ? { enum: f.enum } : {}),
          origin: f.origin,
        };
      }),
    };
  });
}

function tableOf(model: Model, name: string, title: string): ReportTable | undefined {
  const t = model.tables.find((x) => x.name === name);
  if (!t) return undefined;
  return {
    name,
    title,
    ...(t.doc ? { doc: t.doc } : {}),
    origin: t.origin,
    rows: t.entries.map((e) => ({
      key: shown(model, t.keyType, e.key),
      value: shown(model, t.valueType, e.value),
      ...(e.doc ? { doc: e.doc } : {}),
      origin: e.origin,
    })),
  };
}

function pmus(model: Model): ReportPmu[] {
  return model.pmus.map((p) => ({
    name: p.name,
    ...(p.parent ? { parent: p.parent } : {}),
    ...(p.doc ? { doc: p.doc } : {}),
    origin: p.origin,
    props: p.props.flatMap((x) =>
      'value' in x ? [{ key: x.name, value: printExpr(model, x.value), origin: x.origin }] : [],
    ),
    counters: p.counters.map((c) => ({
      index: c.lo === c.hi ? `${c.lo}` : `${c.lo}..${c.hi}`,
      kind: c.fixed ? `fixed ${printExpr(model, c.fixed)}` : 'programmable',
      ...(c.via ? { via: c.via } : {}),
      ...(c.gate ? { gate: printExpr(model, c.gate) } : {}),
      ...(c.doc ? { doc: c.doc } : {}),
      origin: c.origin,
    })),
    tables: p.props.flatMap((x) => {
      if (!('table' in x)) return [];
      const t = tableOf(model, x.table, `${p.name}.${x.name}`);
      return t && t.rows.length ? [t] : [];
    }),
  }));
}

/** The map command of each arch with a `host guest` block: every event, on every recognised PMU, in every mode. */
function guestMatrices(model: Model, t: Tables): Matrix[] {
  const out: Matrix[] = [];
  for (const arch of model.archs) {
    const g = arch.host?.guest;
    if (!g) continue;
    const impls = [...new Set(arch.host?.devices.map((d) => d.pmu))];
    const modes = arch.modes.filter((m) =>
      runGuest(t, arch, m.name, {
        pmu: impls[0] ?? '',
        counter: 0,
        event: 0n,
        explicit: false,
      }),
    );
    const columns = impls.flatMap((pmu) => modes.map((m) => ({ pmu, mode: m.name })));
    for (const ev of g.events) {
      const e = model.enums.find((x) => x.name === ev.enum);
      if (!e) continue;
      out.push({
        id: `guest-${arch.name}`,
        title: `${arch.name}: a guest's ${e.name} events on counter ${ev.counter}`,
        doc: `The ${g.command} command on each host PMU implementation the tables recognise (the host PMU's perf type is the command's input default; the VMM did not call SET_PMU), in each mode.`,
        columns: columns.map((c) => `${c.pmu} / ${c.mode}`),
        rows: e.members.map((m) => ({
          name: m.name,
          code: m.value,
          ...(m.doc ? { doc: m.doc } : {}),
          origin: m.origin,
          cells: columns.map((c) => {
            const r = runGuest(
              t,
              arch,
              c.mode,
              { pmu: c.pmu, counter: ev.counter, event: BigInt(m.value), explicit: false },
              { trace: false },
            );
            return outcomeCell(r?.outcome);
          }),
        })),
      });
    }
  }
  return out;
}

/** Commands that run over every member of an enum (generic perf maps), for every consumer. */
function overMatrices(model: Model, t: Tables): Matrix[] {
  const out: Matrix[] = [];
  for (const arch of model.archs) {
    for (const c of arch.commands) {
      if (!c.over) continue;
      const iface = model.interfaces.find((i) => i.name === c.interface);
      const overType = iface?.inputs.find((i) => i.name === c.over)?.type ?? '';
      const consumers = consumersOf(t, c.interface);
      const first = iface?.outputs[0];
      // Inputs other than the one iterated over: their defaults, else the
      // first example on the interface that gives them all (said in the title).
      const needed = (iface?.inputs ?? []).filter(
        (i) => i.name !== c.over && !i.default && !i.type.startsWith('ranges'),
      );
      const example = model.examples.find(
        (x) => x.on === c.interface && needed.every((n) => x.given.some((g) => g.name === n.name)),
      );
      if (needed.length && !example) continue;
      const fixed = Object.fromEntries(
        (example?.given ?? [])
          .filter((g) => g.name !== c.over)
          .map((g) => [g.name, evaluate(t, g.value)]),
      );
      const withInputs = example
        ? ` With ${example.given
            .filter((g) => g.name !== c.over)
            .map((g) => `${g.name} = ${printExpr(model, g.value)}`)
            .join(', ')} (from the example "${example.title}", ${example.origin}).`
        : '';
      const ids = membersOfType(model, overType);
      out.push({
        id: `over-${arch.name}-${c.name}`,
        title: `${arch.name} ${c.name}: ${c.doc ?? c.interface}`,
        doc: `Each ${overType} run through every consumer of ${c.interface}.${withInputs}`,
        columns: consumers,
        rows: ids.map((m) => ({
          name: m.name,
          code: m.value,
          ...(m.doc ? { doc: m.doc } : {}),
          origin: m.origin,
          cells: consumers.map((name) => {
            const r = runConsumer(
              t,
              name,
              { ...fixed, [c.over ?? '']: BigInt(m.value) },
              c.interface,
              {
                trace: true,
              },
            );
            if (r.outcome?.kind === 'refused') return outcomeCell(r.outcome);
            const v = first ? r.outputs[first.name] : undefined;
            const label =
              v === undefined ? '' : (memberName(model, first?.type, v) ?? formatValue(v));
            const origin =
              r.trace.find((x) => x.step === `output ${first?.name}`)?.origin ?? r.outcome?.origin;
            return { kind: 'value', text: label, ...(origin ? { origin } : {}) };
          }),
        })),
      });
    }
  }
  return out;
}

function examples(model: Model, t: Tables): ReportExample[] {
  return model.examples.map((x) => {
    const iface = model.interfaces.find((i) => i.name === x.on);
    const given = x.given.map((g) => `${g.name} = ${printExpr(model, g.value)}`).join(', ');
    const named = x.expects.map((e) => e.consumer).filter((c): c is string => c !== undefined);
    const consumers = named.length ? [...new Set(named)] : consumersOf(t, x.on);
    // Examples' givens are constants (PM2205), so they evaluate without inputs.
    const inputs = Object.fromEntries(x.given.map((g) => [g.name, evaluate(t, g.value)]));
    const shown = (outputs: RunResult['outputs'], names: readonly string[]): string =>
      names
        .filter((k) => outputs[k] !== undefined)
        .map((k) => {
          const v = outputs[k]!;
          const type = iface?.outputs.find((o) => o.name === k)?.type;
          const name = memberName(model, type, v);
          return `${k} = ${formatValue(v)}${name ? ` (${name})` : ''}`;
        })
        .join(', ');
    // An interface with an outcome and outputs (a whole-CPU reader): the cell
    // also shows the outputs the example's expect lines name, so consumers
    // that agree on the outcome but not on the counters differ in the report.
    const expected = [
      ...new Set(
        x.expects.flatMap((e) => e.items.flatMap((i) => (i.kind === 'output' ? [i.name] : []))),
      ),
    ];
    return {
      title: x.title,
      ...(x.cite ? { cite: x.cite } : {}),
      on: x.on,
      origin: x.origin,
      given,
      answers: consumers.map((consumer) => {
        const status = statusLabel(findConsumer(model, x.on, consumer)?.status);
        const r = runConsumer(t, consumer, inputs, x.on);
        const cell = outcomeCell(r.outcome, iface?.outcome ? {} : r.outputs);
        if (!r.outcome) {
          const text = shown(r.outputs, Object.keys(r.outputs));
          const origin = r.trace.find((e) => e.step.startsWith('output '))?.origin;
          return { consumer, status, cell: { ...cell, text, ...(origin ? { origin } : {}) } };
        }
        const outputs = iface?.outcome ? shown(r.outputs, expected) : '';
        return {
          consumer,
          status,
          cell: outputs ? { ...cell, text: `${cell.text}; ${outputs}` } : cell,
        };
      }),
    };
  });
}

export function collectReport(model: Model, t: Tables): ReportData {
  const inPmu = new Set(
    model.pmus.flatMap((p) => p.props.flatMap((x) => ('table' in x ? [x.table] : []))),
  );
  return {
    archs: model.archs.map((a) => ({
      name: a.name,
      ...(a.doc ? { doc: a.doc } : {}),
      origin: a.origin,
      commands: a.commands.map((c) => ({
        name: c.name,
        text: `${c.interface}, default ${c.consumer}${c.doc ? `: ${c.doc}` : ''}`,
      })),
    })),
    registers: registers(model),
    pmus: pmus(model),
    tables: model.tables
      .filter((x) => !inPmu.has(x.name) && !x.name.includes('#'))
      .flatMap((x) => {
        const r = tableOf(model, x.name, x.name);
        return r ? [r] : [];
      }),
    matrices: [...guestMatrices(model, t), ...overMatrices(model, t)],
    disagreements: disagreements(model, t, []),
    examples: examples(model, t),
    reasons: model.reasons.map((r) => ({ code: r.code, doc: r.doc, origin: r.origin })),
    cores: model.cores.map((c) => {
      const fixed = [...new Set(c.fixed.map((f) => f.index))].sort((a, b) => a - b);
      const top = fixed.length ? (fixed[fixed.length - 1] ?? 0) : -1;
      return {
        name: c.name,
        ...(c.doc ? { doc: c.doc } : {}),
        pmu: c.pmu,
        ...(c.id ? { id: c.id } : {}),
        ...(c.counters !== undefined ? { counters: c.counters } : {}),
        fixed,
        holes: Array.from({ length: top + 1 }, (_, i) => i).filter((i) => !fixed.includes(i)),
        architectural: c.common.length,
        events: c.events.length,
        ...(c.source ? { source: c.source } : {}),
        origin: c.origin,
      };
    }),
    coreSections: coreSections(model, t),
    ...((model.protocols ?? []).length > 0 ? { protocols: collectProtocols(model) } : {}),
  };
}
