/** Human-readable rendering of a consumer run: the answer, the outputs, and every step taken. */
import { findConsumer, statusLabel } from '../model/kernel-choice.ts';
import type { MInterface, Model } from '../model/model.ts';
import type { RunResult } from '../runtime/run.ts';
import { formatValue } from '../runtime/values.ts';
import { memberName } from '../query/value-names.ts';

/** The consumer as an answer line names it: `kvm (mainline v6.10 and later)`. */
export function consumerWithStatus(model: Model, iface: string, consumer: string): string {
  return `${consumer} (${statusLabel(findConsumer(model, iface, consumer)?.status)})`;
}

/** The answer line; `who` is the consumer as it should be named (default: its bare name). */
export function outcomeLine(r: RunResult, who: string = r.consumer): string {
  const o = r.outcome;
  if (o?.kind === 'perf') {
    const attrs = Object.entries(o.attr)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join(', ');
    return `${who}: perf${o.event ? ` ${o.event}` : ''} { ${attrs} }  (${o.origin})`;
  }
  if (o?.kind === 'refused') return `${who}: refused ${o.code}: ${o.message}  (${o.origin})`;
  if (o?.kind === 'software')
    return `${who}: software${o.code ? ` ${o.code}` : ''}: ${o.message}  (${o.origin})`;
  if (o?.kind === 'direct') return `${who}: direct: ${o.message}  (${o.origin})`;
  return `${who}:`;
}

export function explainRun(model: Model, iface: MInterface, r: RunResult, steps: boolean): string {
  const lines = [outcomeLine(r, consumerWithStatus(model, iface.name, r.consumer))];
  const outs = Object.entries(r.outputs).map(([k, v]) => {
    const name = memberName(model, iface.outputs.find((o) => o.name === k)?.type, v);
    return `${k} = ${formatValue(v)}${name ? ` (${name})` : ''}`;
  });
  if (outs.length > 0) lines.push(`  ${outs.join(', ')}`);
  // A `warn` step that fired says something about the input the answer
  // alone does not (the step list shows only that it was taken).
  for (const w of r.warnings) lines.push(`  warning: ${w.message}  (${w.origin})`);
  if (steps) {
    for (const t of r.trace) {
      const what =
        t.value !== undefined ? `= ${formatValue(t.value)}` : t.taken ? 'taken' : 'not taken';
      lines.push(`    ${t.origin.padEnd(36)} ${t.step} ${what}`);
    }
  }
  return lines.join('\n');
}
