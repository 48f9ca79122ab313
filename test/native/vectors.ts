/**
 * Input vectors for the differential test, their text form for the native
 * drivers (one vector per line: interface index, the `given` mask, then
 * every input in declaration order in hex; a ranges input is a count and
 * that many action/lo/hi triples), and the canonical answer line the
 * TypeScript runtime gives for each consumer. The drivers print the same
 * line from the C and Rust results.
 */
import { PERF_ATTRS } from '../../src/check/perf-attrs.ts';
import type { MInterface, Model } from '../../src/model/model.ts';
import { analyse } from '../../src/emit/native-model.ts';
import { evaluate } from '../../src/runtime/evaluate.ts';
import type { RunResult } from '../../src/runtime/run.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import type { Tables } from '../../src/runtime/tables.ts';
import { findConsumer } from '../../src/runtime/tables.ts';
import type { Value } from '../../src/runtime/values.ts';
import { EvalError } from '../../src/runtime/values.ts';

/** One set of given inputs for an interface (the others take their defaults). */
export interface Vector {
  readonly iface: string;
  readonly given: ReadonlyMap<string, Value>;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** The driver line of a vector. */
export function encode(model: Model, v: Vector): string {
  const a = analyse(model);
  const k = model.interfaces.findIndex((i) => i.name === v.iface);
  const iface = model.interfaces[k];
  if (!iface) throw new Error(`unknown interface ${v.iface}`);
  let given = 0n;
  const tokens: string[] = [];
  iface.inputs.forEach((input, n) => {
    const value = v.given.get(input.name);
    if (value !== undefined) given |= 1n << BigInt(n);
    if (typeof value === 'bigint') tokens.push(hex(value));
    else if (typeof value === 'boolean') tokens.push(value ? '1' : '0');
    else if (value?.kind === 'pmu') tokens.push(hex(BigInt(a.pmuIds.get(value.name) ?? 0)));
    else if (value?.kind === 'ranges') {
      tokens.push(hex(BigInt(value.items.length)));
      for (const r of value.items) tokens.push(hex(r.action), hex(r.lo), hex(r.hi));
    } else if (value !== undefined) throw new Error(`cannot encode ${JSON.stringify(value)}`);
    else tokens.push('0'); // not given: a placeholder (a ranges input: no items)
  });
  return [hex(BigInt(k)), hex(given), ...tokens].join(' ');
}

function format(v: Value): string {
  if (typeof v === 'bigint') return hex(v);
  if (typeof v === 'boolean') return String(v);
  if (v.kind === 'pmu') return v.name;
  throw new Error(`cannot print ${v.kind} output`);
}

/** The id of a generic event name (`perf.HARDWARE.CPU_CYCLES`, or `perf.HARDWARE.0x1f`). */
function genericId(model: Model, event: string): bigint {
  const [target, type, id] = event.split('.');
  const m = model.targets
    .find((x) => x.name === target)
    ?.types.find((x) => x.name === type)
    ?.ids?.find((x) => x.name === id);
  return BigInt(m ? m.value : (id ?? '0'));
}

/** The canonical answer line of one consumer run (or `error` where the runtime throws). */
export function canonical(
  t: Tables,
  iface: MInterface,
  name: string,
  r: RunResult | undefined,
): string {
  if (!r) return `${name} error`;
  const o = r.outcome;
  const kind = o?.kind ?? 'none';
  const reason = o?.kind === 'refused' ? o.code : o?.kind === 'software' && o.code ? o.code : '-';
  const generic =
    o?.kind === 'perf' && o.event !== undefined ? hex(genericId(t.model, o.event)) : '-';
  const attrs =
    o?.kind === 'perf'
      ? Object.keys(PERF_ATTRS)
          .filter((k) => o.attr[k] !== undefined)
          .map((k) => `${k}=${format(o.attr[k] as Value)}`)
      : [];
  const outputs = iface.outputs
    .filter((x) => r.outputs[x.name] !== undefined)
    .map((x) => `${x.name}=${format(r.outputs[x.name] as Value)}`);
  const steps = findConsumer(t, name, iface.name)?.steps ?? [];
  const warns = steps.filter((s) => s.kind === 'warn').map((s) => s.origin);
  let w = 0n;
  for (const x of r.warnings) w |= 1n << BigInt(warns.indexOf(x.origin));
  return [
    name,
    kind,
    reason,
    o?.origin ?? '-',
    `g=${generic}`,
    `a=${attrs.join(',')}`,
    `o=${outputs.join(',')}`,
    `w=${hex(w)}`,
  ].join(' ');
}

/**
 * What the TypeScript runtime answers for a vector: one line per consumer of
 * its interface, from the interpreter (with its trace) or, with `compiled`,
 * from the consumers compiled to JavaScript (runConsumer without a trace).
 */
export function expected(t: Tables, v: Vector, compiled = false): string[] {
  const iface = t.interfaces.get(v.iface);
  if (!iface) throw new Error(`unknown interface ${v.iface}`);
  const inputs = Object.fromEntries(v.given);
  return t.model.consumers
    .filter((c) => c.implements === v.iface)
    .map((c) => {
      let r: RunResult | undefined;
      try {
        r = runConsumer(t, c.name, inputs, v.iface, { trace: !compiled });
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
      }
      return canonical(t, iface, c.name, r);
    });
}

/** Every example of the tables, as given (defaults are left to the runtime and the drivers). */
export function exampleVectors(t: Tables): Vector[] {
  return t.model.examples.map((x) => ({
    iface: x.on,
    given: new Map(x.given.map((g) => [g.name, evaluate(t, g.value)])),
  }));
}

/** CPUID.0xA for fixed_counters: versions 0..6, EDX[4:0] 0..5, ECX 0..127, both hypervisor answers. */
export function cpuidSweep(): Vector[] {
  const out: Vector[] = [];
  for (let version = 0n; version <= 6n; version++)
    for (let count = 0n; count <= 5n; count++)
      for (let ecx = 0n; ecx <= 127n; ecx++)
        for (const hypervisor of [false, true]) {
          const given = new Map<string, Value>([
            ['eax', 0x07300800n | version],
            ['ebx', 0n],
            ['ecx', ecx],
            ['edx', 0x8600n | count],
            ['hypervisor', hypervisor],
          ]);
          out.push({ iface: 'fixed_counters', given });
        }
  return out;
}
