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
import { compiledConsumer } from '../../runtime/compile-consumer.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { extract, formatValue } from '../../runtime/values.ts';
import { evaluate } from '../../runtime/evaluate.ts';
import { consumerStatusJson } from '../kernel-answers.ts';
import { wholeCpuInterfaces } from '../cpu/cpu-interfaces.ts';
import type { InputRole } from '../../syntax/roles.ts';
import { inputWithRole, outputsWithRole, outputWithRole } from '../roles.ts';

/** Values of the cpuid registers a query has: register name -> value. */
export type LeafValues = ReadonlyMap<string, bigint>;

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** The registers of the cpuid leaf `leaf` (subleaf 0). */
export function leafRegisters(model: Model, leaf: bigint): MRegister[] {
  let perModel = leafRegisterLists.get(model);
  if (!perModel) leafRegisterLists.set(model, (perModel = new Map()));
  let regs = perModel.get(leaf);
  if (!regs) {
    regs = model.registers.filter(
      (r) => r.cpuid && BigInt(r.cpuid.leaf) === leaf && (r.cpuid.subleaf ?? '0x0') === '0x0',
    );
    perModel.set(leaf, regs);
  }
  // A copy: callers may keep or change their list; the search runs once per model and leaf.
  return [...regs];
}

const leafRegisterLists = new WeakMap<Model, Map<bigint, readonly MRegister[]>>();

/** All cpuid registers the tables declare, with their leaf and subleaf. */
export function cpuidRegisters(model: Model): MRegister[] {
  return model.registers.filter((r) => r.cpuid);
}

/** Values for the inputs declaring a role (`--hypervisor` sets the `hypervisor` one). */
export type RoleValues = Readonly<Partial<Record<InputRole, Value>>>;

/**
 * Inputs for an interface: given ones by name, then inputs by their role,
 * register-typed inputs from the values, booleans from a 1-bit field of the same name.
 */
export function bindInputs(
  model: Model,
  iface: MInterface,
  values: LeafValues,
  given: Readonly<Record<string, Value>>,
  roles: RoleValues = {},
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const input of iface.inputs) {
    if (input.name in given) {
      out[input.name] = given[input.name]!;
      continue;
    }
    const byRole = input.role === undefined ? undefined : roles[input.role as InputRole];
    if (byRole !== undefined) {
      out[input.name] = byRole;
      continue;
    }
    const v = values.get(input.type);
    if (v !== undefined) {
      out[input.name] = v;
      continue;
    }
    if (input.type === 'bool') {
      for (const { reg, lsb } of oneBitFields(model).get(input.name) ?? []) {
        const rv = values.get(reg);
        if (rv !== undefined) out[input.name] = extract(rv, lsb, 1n) === 1n;
      }
    }
  }
  return out;
}

const bitFields = new WeakMap<Model, Map<string, { reg: string; lsb: bigint }[]>>();

/** The 1-bit fields of the cpuid registers by field name, in register order (once per model). */
function oneBitFields(model: Model): Map<string, { reg: string; lsb: bigint }[]> {
  let known = bitFields.get(model);
  if (!known) {
    known = new Map();
    for (const reg of cpuidRegisters(model)) {
      // The first 1-bit field of that name in each register, as a find() over its fields.
      const seen = new Set<string>();
      for (const f of reg.fields) {
        if (f.msb !== f.lsb || seen.has(f.name)) continue;
        seen.add(f.name);
        known.set(f.name, [...(known.get(f.name) ?? []), { reg: reg.name, lsb: BigInt(f.lsb) }]);
      }
    }
    bitFields.set(model, known);
  }
  return known;
}

/** Does `iface` read any register of the leaf? */
function readsLeaf(iface: MInterface, regs: readonly MRegister[]): boolean {
  return iface.inputs.some((i) => regs.some((r) => r.name === i.type));
}

/** A perf attribute set as JSON: `type` a number, other integers hex, flags as they are. */
function perfJson(attr: Readonly<Record<string, bigint | boolean>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(attr)) {
    const v = attr[k]!;
    out[k] = typeof v === 'bigint' ? (k === 'type' ? Number(v) : hex(v)) : v;
  }
  return out;
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
  /** Values for the inputs declaring a role, in every interface run (--hypervisor). */
  readonly roles?: RoleValues;
}

export interface Report {
  readonly json: Record<string, unknown>;
  readonly runs: readonly {
    readonly iface: string;
    readonly input?: string;
    readonly result: RunResult;
  }[];
}

/** What `buildReport` needs of the model for one leaf, worked out once per model and leaf. */
interface LeafPlan {
  readonly registers: readonly {
    readonly reg: MRegister;
    /** Fields not reserved, by bit: JSON key (camel case), lsb, width. */
    readonly fields: readonly { name: string; key: string; lsb: bigint; width: number }[];
  }[];
  readonly interfaces: readonly {
    readonly iface: MInterface;
    /** Outputs with role guest, and the register name (eax...) each answers under. */
    readonly guestOutputs: readonly { readonly name: string; readonly key: string }[];
    /** The output with role fixed: a bitmap of fixed counters. */
    readonly fixedOutput: string | undefined;
    /** The input with role counter, when the interface maps counters one by one. */
    readonly counterName: string | undefined;
    /** The fixed counters to map one by one, when the interface has a counter input over a pmu. */
    readonly counters?: readonly number[];
    /** Inputs that must be bound for the interface to run (the others default or are supplied here). */
    readonly needed: readonly string[];
    readonly consumers: readonly string[];
  }[];
}

const plans = new WeakMap<Model, Map<bigint, LeafPlan>>();

function leafPlan(model: Model, t: Tables, leaf: bigint): LeafPlan {
  let perModel = plans.get(model);
  if (!perModel) {
    perModel = new Map();
    plans.set(model, perModel);
  }
  const known = perModel.get(leaf);
  if (known) return known;
  const regs = leafRegisters(model, leaf);
  const registers = regs.map((reg) => ({
    reg,
    fields: [...reg.fields]
      .filter((x) => !x.reserved)
      .sort((a, b) => a.lsb - b.lsb)
      .map((f) => ({
        name: f.name,
        key: camel(f.name),
        lsb: BigInt(f.lsb),
        width: f.msb - f.lsb + 1,
      })),
  }));
  const interfaces = model.interfaces
    .filter((i) => readsLeaf(i, regs) && !wholeCpuInterfaces(model).has(i.name))
    .map((iface) => {
      const counterInput = iface.outcome ? inputWithRole(iface, 'counter') : undefined;
      const pmuInput = iface.inputs.find((i) => model.pmus.some((p) => p.name === i.type));
      const pmu = pmuInput && model.pmus.find((p) => p.name === pmuInput.type);
      return {
        iface,
        // Each guest register under its name in the leaf (eax), whatever the output's name.
        guestOutputs: outputsWithRole(iface, 'guest').map((o) => ({
          name: o.name,
          key: model.registers.find((r) => r.name === o.type)?.cpuid?.reg ?? o.name,
        })),
        fixedOutput: outputWithRole(iface, 'fixed')?.name,
        counterName: counterInput?.name,
        ...(counterInput && pmuInput
          ? {
              counters: (pmu?.counters ?? [])
                .filter((c) => c.fixed)
                .flatMap((c) => Array.from({ length: c.hi - c.lo + 1 }, (_, k) => c.lo + k)),
            }
          : {}),
        needed: iface.inputs
          .filter((i) => !i.default && i !== counterInput && !i.type.startsWith('ranges'))
          .map((i) => i.name),
        consumers: consumersOf(t, iface.name),
      };
    });
  const plan = { registers, interfaces };
  perModel.set(leaf, plan);
  return plan;
}

/**
 * The key a guest leaf's reader answers under in kvmGuest: the one an
 * arch's `guest keys` gives the consumer, else the consumer's name.
 */
function guestKey(model: Model, consumer: string): string {
  for (const arch of model.archs)
    for (const k of arch.guestKeys ?? []) if (k.consumer === consumer) return k.key;
  return consumer;
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
  const plan = leafPlan(model, t, leaf);
  const trace = options.trace ?? true;
  const decoded: Record<string, unknown> = {};
  const events: { bit: number; name: string; available: boolean }[] = [];
  for (const { reg, fields } of plan.registers) {
    const v = values.get(reg.name) ?? 0n;
    if (reg.negative) {
      // Bits at or above the vector's length (the register's `below`) mean nothing.
      const len = reg.below ? evaluate(t, reg.below, { vars: new Map(), registers: values }) : 64n;
      const length = typeof len === 'bigint' ? len : 64n;
      for (const f of fields) {
        events.push({
          bit: Number(f.lsb),
          name: f.name,
          available: f.lsb < length && extract(v, f.lsb, 1n) === 0n,
        });
      }
      continue;
    }
    for (const f of fields) decoded[f.key] = fieldJson(f.width, extract(v, f.lsb, BigInt(f.width)));
  }
  // Without a trace each consumer's compiled function is called directly (runConsumer would
  // look it up on every one of the report's ~26 runs); it is looked up once per consumer.
  const runner = (
    consumer: string,
    iface: string,
  ): ((inputs: Record<string, Value>) => RunResult) => {
    const fast = trace ? undefined : compiledConsumer(t, consumer, iface);
    return fast ?? ((inputs) => runConsumer(t, consumer, inputs, iface, { trace }));
  };
  const pick = (names: readonly string[]): readonly string[] =>
    options.consumers && options.consumers.length > 0
      ? names.filter((n) => options.consumers!.includes(n))
      : names;
  const runs: Report['runs'][number][] = [];
  const fixedCounters: Record<string, number[]> = {};
  /** Which kernel each reader in fixedCounters models (its status). */
  const statuses: Record<string, unknown> = {};
  const kvmGuest: Record<string, Record<string, string>> = {};
  const mappings: Record<string, unknown>[] = [];
  for (const {
    iface,
    guestOutputs,
    fixedOutput,
    counterName,
    counters,
    needed,
    consumers,
  } of plan.interfaces) {
    const inputs = bindInputs(model, iface, values, given, options.roles);
    // Interfaces that need an input this report cannot supply (e.g. a perf id) are not run.
    if (needed.some((name) => !(name in inputs))) continue;
    // The counter-by-counter runs share one inputs object, its counter set before each run: a
    // compiled consumer reads its inputs on entry and keeps none of them, and a traced run gets
    // its own copy. (A spread with a computed key per run was a third of this function's time.)
    const counterInputs: Record<string, Value> | undefined = counters ? { ...inputs } : undefined;
    for (const consumer of pick(consumers)) {
      const run = runner(consumer, iface.name);
      if (counters && counterInputs) {
        for (const counter of counters) {
          counterInputs[counterName ?? ''] = BigInt(counter);
          const result = run(trace ? { ...counterInputs } : counterInputs);
          runs.push({ iface: iface.name, input: `counter ${counter}`, result });
          const o = result.outcome;
          mappings.push({
            consumer,
            counter,
            outcome: o?.kind ?? null,
            perf: o?.kind === 'perf' ? perfJson(o.attr) : null,
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
      const result = run(inputs);
      runs.push({ iface: iface.name, result });
      const fixed = fixedOutput === undefined ? undefined : result.outputs[fixedOutput];
      if (typeof fixed === 'bigint') {
        const set: number[] = [];
        for (let i = 0, rest = fixed; rest !== 0n && i < 64; i++, rest >>= 1n)
          if ((rest & 1n) === 1n) set.push(i);
        fixedCounters[consumer] = set;
        statuses[consumer] = consumerStatusJson(model, iface.name, consumer);
      }
      if (guestOutputs.length > 0) {
        kvmGuest[guestKey(model, consumer)] = Object.fromEntries(
          guestOutputs.map((o) => [o.key, formatValue(result.outputs[o.name] ?? 0n)]),
        );
      }
    }
  }
  // Each warning once, where it first appears (most runs warn nothing).
  const seen = new Set<string>();
  const warnings: { message: string; source: string }[] = [];
  for (const r of runs) {
    for (const w of r.result.warnings) {
      const key = `${w.origin}|${w.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push({ message: w.message, source: w.origin });
    }
  }
  return {
    json: { decoded, events, fixedCounters, kvmGuest, mappings, warnings, statuses },
    runs,
  };
}
