/** The readable form of a cpuid report: decoded fields, events, a table of fixed counters per reader with the rule that decided it, guest leaves, mappings, warnings. */
import { findConsumer, statusLabel } from '../../model/kernel-choice.ts';
import type { MRegister, Model } from '../../model/model.ts';
import type { LeafValues, Report } from '../../query/cpuid/leaf-answer.ts';
import { outputWithRole } from '../../query/roles.ts';

export function formatReport(
  model: Model,
  values: LeafValues,
  regs: readonly MRegister[],
  report: Report,
): string {
  const j = report.json as {
    decoded: Record<string, unknown>;
    events: { bit: number; name: string; available: boolean }[];
    fixedCounters: Record<string, number[]>;
    kvmGuest: Record<string, Record<string, string>>;
    mappings: {
      consumer: string;
      counter: number;
      outcome: string | null;
      perf: Record<string, unknown> | null;
      reason: { code: string } | null;
      source: string | null;
    }[];
    warnings: { message: string; source: string }[];
  };
  const lines: string[] = [];
  lines.push(
    regs.map((r) => `${r.cpuid?.reg}=0x${(values.get(r.name) ?? 0n).toString(16)}`).join(' '),
  );
  lines.push(
    `decoded: ${Object.entries(j.decoded)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')}`,
  );
  if (j.events.length > 0) {
    lines.push(
      `events: ${j.events.map((e) => `${e.name}${e.available ? '' : ' (unavailable)'}`).join(', ')}`,
    );
  }
  const width = Math.max(8, ...Object.keys(j.fixedCounters).map((c) => c.length));
  const maxIdx = 7;
  if (Object.keys(j.fixedCounters).length > 0) {
    const rows = Object.entries(j.fixedCounters).map(([c, set]) => {
      // The run that gave the set, and the line of its output with role fixed.
      const fixedOf = (iface: string) =>
        outputWithRole(
          model.interfaces.find((i) => i.name === iface),
          'fixed',
        )?.name;
      const run = report.runs.find(
        (r) => r.result.consumer === c && fixedOf(r.iface) !== undefined,
      );
      const step = `output ${run ? fixedOf(run.iface) : ''}`;
      const rule = run?.result.trace.find((t) => t.step === step)?.origin ?? '';
      // Which kernel the reader models: a patch-only one is never mistaken for mainline.
      const kernel = run ? statusLabel(findConsumer(model, run.iface, c)?.status) : '';
      const cells = Array.from({ length: maxIdx }, (_, i) => (set.includes(i) ? 'x' : '.')).join(
        ' ',
      );
      return { c, cells, rule, kernel };
    });
    const ruleWidth = Math.max(4, ...rows.map((r) => r.rule.length));
    lines.push(
      '',
      `${'fixed counters'.padEnd(width)}  ${Array.from({ length: maxIdx }, (_, i) => i).join(' ')}  ${'rule'.padEnd(ruleWidth)}  kernel`,
    );
    for (const { c, cells, rule, kernel } of rows)
      lines.push(`${c.padEnd(width)}  ${cells}  ${rule.padEnd(ruleWidth)}  ${kernel}`.trimEnd());
  }
  for (const [name, leaf] of Object.entries(j.kvmGuest)) {
    lines.push(
      `guest leaf (${name}): ${Object.entries(leaf)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  if (j.mappings.length > 0) {
    lines.push('', 'fixed counter backing:');
    for (const m of j.mappings) {
      const what =
        m.outcome === 'perf'
          ? `perf type ${String(m.perf?.['type'])} config ${String(m.perf?.['config'])}`
          : m.outcome === 'direct'
            ? 'direct (hardware counter)'
            : `refused ${m.reason?.code ?? ''}`;
      lines.push(
        `  ${m.consumer.padEnd(width)} counter ${m.counter}: ${what.padEnd(34)} ${m.source ?? ''}`,
      );
    }
  }
  if (j.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const w of j.warnings) lines.push(`  ${w.message}  (${w.source})`);
  }
  return lines.join('\n') + '\n';
}
