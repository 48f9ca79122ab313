/**
 * The text form of a command command's answer (`pmumap cpu x86` without
 * --json): one block per group of CPUs, each slot's answer on a line with
 * the consumer that gave it and the kernel it models, and the tables line
 * of every refusal and warning.
 */
import type { CpuAnswer } from '../../query/cpu/cpu-answer.ts';

const list = (v: unknown): string => (Array.isArray(v) ? `{${v.join(',')}}` : String(v));

function entries(o: unknown, skip: readonly string[] = []): string {
  if (!o || typeof o !== 'object') return '';
  return Object.entries(o as Record<string, unknown>)
    .filter(([k, v]) => !skip.includes(k) && v !== null && typeof v !== 'object')
    .concat(
      Object.entries(o as Record<string, unknown>).filter(
        ([k, v]) => !skip.includes(k) && Array.isArray(v),
      ),
    )
    .map(([k, v]) => `${k} ${list(v)}`)
    .join(', ');
}

export function formatCpuAnswer(cpus: readonly string[], answer: CpuAnswer): string {
  const j = answer.json;
  const out: string[] = [];
  const shown =
    cpus.length > 4
      ? `${cpus.slice(0, 4).join(', ')} and ${cpus.length - 4} more`
      : cpus.join(', ');
  out.push(`${shown}${cpus.length > 1 ? ` (${cpus.length} CPUs)` : ''}:`);
  // A dump without CPUID.0 or CPUID.1 leaves nothing to say who the CPU is (warnings say which).
  const who = entries(j, ['perf', 'kvmGuest', 'warnings', 'cpus']);
  out.push(`  ${who || 'unknown CPU (see warnings)'}`);
  const perfRun = answer.runs.find((r) => r.slot === 'perf');
  const perf = j['perf'] as Record<string, unknown> | null;
  if (perfRun && perf) {
    const why = perf['why'] as { code: string; message: string; source: string } | null;
    out.push(
      `  perf (${perfRun.consumer}, ${perfRun.status}): ${
        why
          ? `no PMU: ${why.code}: ${why.message}  (${why.source})`
          : entries(perf, ['consumer', 'genericConsumer'])
      }`,
    );
  }
  const generic = answer.runs.filter((r) => r.slot === 'generic');
  if (generic.length > 0) {
    out.push(`  generic events (${generic[0]!.consumer}, ${generic[0]!.status}):`);
    for (const r of generic) {
      const o = r.result.outcome;
      const text =
        o?.kind === 'perf'
          ? `0x${(o.attr['config'] as bigint).toString(16)}`
          : o?.kind === 'refused'
            ? `refused ${o.code}`
            : (o?.kind ?? 'no outcome');
      out.push(`    ${(r.label ?? '').padEnd(24)} ${text.padEnd(26)} ${o?.origin ?? ''}`);
    }
  }
  const guest = j['kvmGuest'] as Record<string, Record<string, unknown>>;
  const guestRuns = answer.runs.filter((r) => r.slot === 'guest');
  if (guestRuns.length > 0) out.push('  KVM guest:');
  for (const r of guestRuns) {
    const g = guest[r.consumer] ?? {};
    const leaves = Object.entries((g['leaves'] ?? {}) as Record<string, Record<string, string>>)
      .map(
        ([leaf, regs]) =>
          `${leaf} ${Object.entries(regs)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
      )
      .join('; ');
    const why = g['why'] as { code: string; message: string; source: string } | null;
    out.push(`    ${r.consumer} (${r.status}): ${leaves}`);
    out.push(
      `      ${why ? `no vPMU: ${why.code}: ${why.message}  (${why.source})` : entries(g, ['status', 'vpmu'])}`,
    );
    const vpmu = g['vpmu'] as { kind: string; message: string; source: string } | null;
    if (vpmu) out.push(`      ${vpmu.kind}: ${vpmu.message}  (${vpmu.source})`);
  }
  const warnings = (j['warnings'] ?? []) as { message: string; source: string | null }[];
  if (warnings.length > 0) {
    out.push('  warnings:');
    for (const w of warnings) out.push(`    ${w.message}${w.source ? `  (${w.source})` : ''}`);
  }
  return out.join('\n') + '\n';
}
