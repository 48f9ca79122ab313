/**
 * Search the input spaces the tables declare (`explore` blocks) for inputs
 * on which an interface's consumers answer differently. Every combination
 * of dimension values is run; inputs are grouped into classes by the first
 * dimension's value and by how each pair of consumers' first outputs relate
 * (equal, subset, superset, overlapping, disjoint), and each class keeps
 * its first input in enumeration order as the smallest witness. The
 * warnings that fired are part of a class's signature, so one relation
 * reached for different reasons gives different classes.
 */
import type { MExplore, Model } from '../model/model.ts';
import type { RunResult } from '../runtime/run.ts';
import { consumersOf, runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import { findConsumer } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';
import { formatValue } from '../runtime/values.ts';

export interface DisagreementClass {
  readonly signature: string;
  readonly count: number;
  readonly witness: Readonly<Record<string, string>>;
  readonly answers: Readonly<
    Record<string, { readonly value: string; readonly members: number[]; readonly rule: string }>
  >;
}

export interface Disagreements {
  readonly interface: string;
  readonly consumers: readonly string[];
  readonly space: {
    readonly dimensions: readonly { readonly name: string; readonly values: number }[];
    readonly size: number;
  };
  readonly classes: readonly DisagreementClass[];
}

function relation(a: bigint, b: bigint): string {
  if (a === b) return '=';
  if ((a & b) === a) return '⊂';
  if ((a & b) === b) return '⊃';
  return (a & b) === 0n ? 'disjoint' : 'overlap';
}

const members = (v: bigint): number[] =>
  Array.from({ length: 64 }, (_, i) => i).filter((i) => ((v >> BigInt(i)) & 1n) === 1n);

/** The inputs of one point of the space, and its display form. */
function point(
  x: MExplore,
  index: number[],
): { inputs: Record<string, Value>; shown: Record<string, string> } {
  const inputs: Record<string, Value> = {};
  const shown: Record<string, string> = {};
  x.dimensions.forEach((d, i) => {
    const text = d.values[index[i] ?? 0] ?? '0x0';
    const name = d.field ? `${d.input}.${d.field.name}` : d.input;
    shown[name] = text;
    if (text === 'true' || text === 'false') {
      inputs[d.input] = text === 'true';
      return;
    }
    const v = BigInt(text);
    if (d.field) {
      const prev = inputs[d.input];
      inputs[d.input] = (typeof prev === 'bigint' ? prev : 0n) | (v << BigInt(d.field.lsb));
    } else inputs[d.input] = v;
  });
  return { inputs, shown };
}

/**
 * The line of the step that set `output` in run `r` (none when no step set it).
 * The runs are compiled (no trace): the first `output` step of that name set
 * it, since steps run in order and only a decision ends the list early.
 */
function ruleOf(t: Tables, iface: string, r: RunResult, output: string): string {
  if (r.outputs[output] === undefined) return '';
  const steps = findConsumer(t, r.consumer, iface)?.steps ?? [];
  return steps.find((s) => s.kind === 'output' && s.name === output)?.origin ?? '';
}

/** Every disagreement class of every explore block (restricted to `wanted` consumers when given). */
export function disagreements(model: Model, t: Tables, wanted: readonly string[]): Disagreements[] {
  const out: Disagreements[] = [];
  for (const x of model.explores) {
    const iface = model.interfaces.find((i) => i.name === x.interface);
    const output = iface?.outputs[0]?.name;
    if (!iface || !output) continue;
    const all = consumersOf(t, iface.name);
    const consumers = wanted.length > 0 ? all.filter((c) => wanted.includes(c)) : all;
    if (consumers.length < 2) continue;
    const sizes = x.dimensions.map((d) => d.values.length);
    const size = sizes.reduce((a, b) => a * b, 1);
    const classes = new Map<
      string,
      { count: number; witness: Record<string, string>; answers: DisagreementClass['answers'] }
    >();
    const index = sizes.map(() => 0);
    for (let n = 0; n < size; n++) {
      const { inputs, shown } = point(x, index);
      const results = consumers.map((c) => runConsumer(t, c, inputs, iface.name, { trace: false }));
      const values = results.map((r) => r.outputs[output]);
      const rels: string[] = [];
      let differ = false;
      for (let i = 0; i < consumers.length; i++) {
        for (let j = i + 1; j < consumers.length; j++) {
          const a = values[i];
          const b = values[j];
          const rel =
            typeof a === 'bigint' && typeof b === 'bigint' ? relation(a, b) : a === b ? '=' : '≠';
          if (rel !== '=') differ = true;
          rels.push(`${consumers[i]} ${rel} ${consumers[j]}`);
        }
      }
      if (differ) {
        const first = x.dimensions[0];
        const firstName = first
          ? first.field
            ? `${first.input}.${first.field.name}`
            : first.input
          : '';
        // Warnings that fired split classes whose answers relate the same way
        // for different reasons (e.g. perf refusing the PMU vs ECX = 0).
        const warned = [...new Set(results.flatMap((r) => r.warnings.map((w) => w.origin)))].sort();
        const signature = `${firstName} = ${shown[firstName] ?? ''}: ${rels.filter((r) => !r.includes(' = ')).join(', ')}${warned.length > 0 ? ` [warnings: ${warned.join(', ')}]` : ''}`;
        const c = classes.get(signature);
        if (c) c.count++;
        else {
          const answers: Record<string, { value: string; members: number[]; rule: string }> = {};
          consumers.forEach((name, i) => {
            const v = values[i];
            const r = results[i];
            answers[name] = {
              value: v === undefined ? '(unset)' : formatValue(v),
              members: typeof v === 'bigint' ? members(v) : [],
              rule: r ? ruleOf(t, iface.name, r, output) : '',
            };
          });
          classes.set(signature, { count: 1, witness: shown, answers });
        }
      }
      for (let d = sizes.length - 1; d >= 0; d--) {
        index[d] = (index[d] ?? 0) + 1;
        if ((index[d] ?? 0) < (sizes[d] ?? 1)) break;
        index[d] = 0;
      }
    }
    out.push({
      interface: iface.name,
      consumers,
      space: {
        dimensions: x.dimensions.map((d) => ({
          name: d.field ? `${d.input}.${d.field.name}` : d.input,
          values: d.values.length,
        })),
        size,
      },
      classes: [...classes.entries()].map(([signature, c]) => ({ signature, ...c })),
    });
  }
  return out;
}
