/**
 * The answer to "what does this CPUID leaf mean to everyone who reads it":
 * the leaf's fields decoded, its negative-sense event vector, and the
 * result of every interface whose inputs read the leaf — fixed-counter sets
 * (interfaces with a `fixed` output), guest leaves (interfaces whose outputs
 * are registers of the leaf), and per-counter mappings (interfaces with an
 * outcome and a `counter` input over a pmu's fixed counters). Nothing here
 * knows an architecture: the tables say what to run.
 */
import type { MInterface, MRegister, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { extract, formatValue } from '../../runtime/values.ts';
import { evaluate } from '../../runtime/evaluate.ts';

/** Values of the cpuid registers a query has: register name -> value. */
export type LeafValues = ReadonlyMap<string, bigint>;

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** The registers of the cpuid leaf `leaf` (subleaf 0). */
export function leafRegisters(model: Model, leaf: bigint): MRegister[] {
  return model.registers.filter(
    (r) => r.cpuid && BigInt(r.cpuid.leaf) === leaf && (r.cpuid.subleaf ?? '0x0') === '0x0',
  );
}

/** All cpuid registers the tables declare, with their leaf and subleaf. */
export function cpuidRegisters(model: Model): MRegister[] {
  return model.registers.filter((r) => r.cpuid);
}

/** Inputs for an interface: register-typed inputs from the values, booleans from a 1-bit field of the same name. */
export function bindInputs(
  model: Model,
  iface: MInterface,
  values: LeafValues,
  given: Readonly<Record<string, Value>>,
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const input of iface.inputs) {
    if (input.name in given) {
      out[input.name] = given[input.name]!;
      continue;
    }
    const v = values.get(input.type);
    if (v !== undefined) {
      out[input.name] = v;
      continue;
    }
    if (input.type === 'bool') {
      for (const reg of cpuidRegisters(model)) {
        const field = reg.fields.find((f) => f.name === input.name && f.msb === f.lsb);
        const rv = values.get(reg.name);
        if (field && rv !== undefined) out[input.name] = extract(rv, BigInt(field.lsb), 1n) === 1n;
      }
    }
  }
  return out;
}

/** Does `iface` read any register of the leaf? */
function readsLeaf(iface: MInterface, regs: readonly MRegister[]): boolean {
  return iface.inputs.some((i) => regs.some((r) => r.name === i.type));
}

function fieldJson(width: number, v: bigint): unknown {
  if (width === 1) return v === 1n;
  return width >= 16 ? hex(v) : Number(v);
}

export interface ReportOptions {
  /** Only these consumers (all when empty). */
  readonly consumers?: readonly string[];
  /** Keep each run's trace (default true, for the text form); false runs the compiled consumers. */
  readonly trace?: boolean;
}

export interface Report {
  readonly json: Record<string, unknown>;
  readonly runs: readonly {
    readonly iface: string;
    readonly input?: string;
    readonly result: RunResult;
  }[];
}

/** Run everything the tables say about the leaf `leaf` for the given register values. */
export function buildReport(
  model: Model,
  t: Tables,
  leaf: bigint,
  values: LeafValues,
  given: Readonly<Record<string, Value>>,
  options: ReportOptions = {},
): Report {
  const regs = leafRegisters(model, leaf);
  const decoded: Record<string, unknown> = {};
  const events: { bit: number; name: string; available: boolean }[] = [];
  for (const reg of regs) {
    const v = values.get(reg.name) ?? 0n;
    if (reg.negative) {
      // Bits at or above the vector's length (the register's `below`) mean nothing.
      const len = reg.below ? evaluate(t, reg.below, { vars: new Map(), registers: values }) : 64n;
      const length = typeof len === 'bigint' ? len : 64n;
      for (const f of [...reg.fields].filter((x) => !x.reserved).sort((a, b) => a.lsb - b.lsb)) {
        events.push({
          bit: f.lsb,
          name: f.name,
          available: BigInt(f.lsb) < length && extract(v, BigInt(f.lsb), 1n) === 0n,
        });
      }
      continue;
    }
    for (const f of [...reg.fields].filter((x) => !x.reserved).sort((a, b) => a.lsb - b.lsb)) {
      const width = f.msb - f.lsb + 1;
      decoded[camel(f.name)] = fieldJson(width, extract(v, BigInt(f.lsb), BigInt(width)));
    }
  }
  const pick = (names: readonly string[]): string[] =>
    options.consumers && options.consumers.length > 0
      ? names.filter((n) => options.consumers!.includes(n))
      : [...names];
  const runs: Report['runs'][number][] = [];
  const fixedCounters: Record<string, number[]> = {};
  const kvmGuest: Record<string, Record<string, string>> = {};
  const mappings: Record<string, unknown>[] = [];
  for (const iface of model.interfaces.filter((i) => readsLeaf(i, regs))) {
    const inputs = bindInputs(model, iface, values, given);
    const guestOutputs = iface.outputs.filter((o) => regs.some((r) => r.name === o.type));
    const counterInput = iface.outcome ? iface.inputs.find((i) => i.name === 'counter') : undefined;
    const pmuInput = iface.inputs.find((i) => model.pmus.some((p) => p.name === i.type));
    // Interfaces that need an input this report cannot supply (e.g. a perf id) are not run.
    const unbound = iface.inputs.filter(
      (i) =>
        !(i.name in inputs) && !i.default && i !== counterInput && !i.type.startsWith('ranges'),
    );
    if (unbound.length > 0) continue;
    for (const consumer of pick(consumersOf(t, iface.name))) {
      if (counterInput && pmuInput) {
        const pmu = model.pmus.find((p) => p.name === pmuInput.type);
        const counters = (pmu?.counters ?? [])
          .filter((c) => c.fixed)
          .flatMap((c) => Array.from({ length: c.hi - c.lo + 1 }, (_, k) => c.lo + k));
        for (const counter of counters) {
          const result = runConsumer(
            t,
            consumer,
            { ...inputs, counter: BigInt(counter) },
            iface.name,
            { trace: options.trace ?? true },
          );
          runs.push({ iface: iface.name, input: `counter ${counter}`, result });
          const o = result.outcome;
          mappings.push({
            consumer,
            counter,
            outcome: o?.kind ?? null,
            perf:
              o?.kind === 'perf'
                ? Object.fromEntries(
                    Object.entries(o.attr).map(([k, v]) => [
                      k,
                      typeof v === 'bigint' ? (k === 'type' ? Number(v) : hex(v)) : v,
                    ]),
                  )
                : null,
            reason:
              o?.kind === 'refused'
                ? { code: o.code, message: o.message }
                : o?.kind === 'direct'
                  ? { code: 'DIRECT', message: o.message }
                  : null,
            source: o?.origin ?? null,
          });
        }
        continue;
      }
      const result = runConsumer(t, consumer, inputs, iface.name, {
        trace: options.trace ?? true,
      });
      runs.push({ iface: iface.name, result });
      const fixed = result.outputs['fixed'];
      if (typeof fixed === 'bigint') {
        fixedCounters[consumer] = Array.from({ length: 64 }, (_, i) => i).filter(
          (i) => ((fixed >> BigInt(i)) & 1n) === 1n,
        );
      }
      if (guestOutputs.length > 0) {
        kvmGuest[consumer.replace(/^kvm-/, '')] = Object.fromEntries(
          guestOutputs.map((o) => [
            o.name.replace(/^guest_/, ''),
            formatValue(result.outputs[o.name] ?? 0n),
          ]),
        );
      }
    }
  }
  const warnings = [
    ...new Map(
      runs.flatMap((r) =>
        r.result.warnings.map(
          (w) => [`${w.origin}|${w.message}`, { message: w.message, source: w.origin }] as const,
        ),
      ),
    ).values(),
  ];
  return { json: { decoded, events, fixedCounters, kvmGuest, mappings, warnings }, runs };
}
