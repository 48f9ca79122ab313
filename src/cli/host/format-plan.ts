/**
 * `pmumap host` as text: the devices and what each is, the plan with its
 * reason and tables line, what the guest keeps, then warnings and every
 * file problem. The JSON form is `planJson`.
 */
import { formatCpuList } from '../../host/cpu-list.ts';
import type { HostPlan } from '../../query/host-plan.ts';

const cpuText = (cpus: readonly number[]): string => (cpus.length ? formatCpuList(cpus) : '-');

function yesNo(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}

/**
 * What is said beside the plan: the plan consumer's status, and the plans
 * of the patch-only consumers that answer differently (each labelled with
 * its series).
 */
export interface PlanBeside {
  readonly status?: string;
  readonly patches?: readonly { readonly label: string; readonly plan: HostPlan }[];
}

function keptCounters(g: HostPlan['guest']): string {
  if (g.counters.length === 0)
    return `cycle counter ${yesNo(g.cycleCounter)}, instruction counter ${yesNo(g.instructionCounter)}`;
  return g.counters.map((c) => `${c.name} ${c.kept ? 'yes' : 'no'}`).join(', ');
}

export function formatPlan(p: HostPlan, beside: PlanBeside = {}): string {
  const out: string[] = [];
  const cpus = `possible CPUs ${cpuText(p.possible)}, online ${cpuText(p.online)}`;
  out.push(`host ${p.sysfs}: ${p.arch ?? 'architecture not recognised'}; ${cpus}`);
  if (p.target.join() !== p.possible.join()) out.push(`guest may run on CPUs ${cpuText(p.target)}`);
  out.push('', 'PMU devices:');
  const w = Math.max(4, ...p.pmus.map((d) => d.name.length));
  for (const d of p.pmus) {
    const type = d.type === null ? 'type ?' : `type ${d.type}`;
    const cores = d.cores.length ? `  ${d.cores.join('+')}` : '';
    const verdict = d.compatible
      ? `compatible (${d.implementation ?? '?'}, ${d.events} events)`
      : `skipped: ${d.reason}`;
    const where = d.cpumask ? `cpumask ${cpuText(d.cpus)}` : `cpus ${cpuText(d.cpus)}`;
    out.push(`  ${d.name.padEnd(w)}  ${type.padEnd(8)}  ${where.padEnd(12)}${cores}  ${verdict}`);
  }
  out.push('');
  const chosen = p.pmu ? ` with ${p.pmu} (type ${p.pmuType})` : '';
  const who = `${p.consumer ?? 'no consumer'}${beside.status ? `, ${beside.status}` : ''}`;
  out.push(`plan (${who}): ${p.plan}${chosen}`);
  out.push(`  ${p.why}: ${p.whyText}`);
  if (p.origin) out.push(`  decided by ${p.origin}`);
  for (const { label, plan } of beside.patches ?? []) {
    const pmu = plan.pmu ? ` with ${plan.pmu} (type ${plan.pmuType})` : '';
    const mode = plan.guest.mode ? ` (mode ${plan.guest.mode})` : '';
    out.push(`  ${label}: ${plan.plan}${pmu}`);
    out.push(`    ${plan.why}: ${plan.whyText}`);
    out.push(`    the guest keeps${mode}: ${keptCounters(plan.guest)}`);
  }
  if (p.uncovered.length) out.push(`  uncovered CPUs: ${cpuText(p.uncovered)}`);
  out.push('');
  const g = p.guest;
  out.push(g.mode ? `guest keeps (mode ${g.mode}, consumer ${g.consumer}):` : 'guest keeps:');
  if (g.note) out.push(`  ${g.note}`);
  for (const c of g.counters) {
    const why = c.kept ? c.outcome : `${c.code}: ${c.message}`;
    out.push(`  ${c.name} (counter ${c.index}): ${c.kept ? 'yes' : 'no'}, ${why}`);
  }
  if (!g.counters.length) {
    out.push(
      `  cycle counter: ${yesNo(g.cycleCounter)}, instruction counter: ${yesNo(g.instructionCounter)}`,
    );
  }
  if (g.eventsChecked) {
    const byReason = new Map<string, number>();
    for (const e of g.refusedEvents) byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
    const kept = g.eventsChecked - g.refusedEvents.length;
    const reasons = [...byReason].map(([r, n]) => `${r} ${n}`).join(', ');
    out.push(
      `  programmable events: ${kept} of ${g.eventsChecked} kept${reasons ? `; refused: ${reasons}` : ''}`,
    );
    const example = g.refusedEvents[0];
    if (example) out.push(`    e.g. ${example.event} (${example.code}): ${example.message}`);
  }
  const shared = g.sharedEvents;
  out.push(
    `  events every compatible PMU lists in sysfs: ${shared.length}${shared.length ? ` (${shared.slice(0, 12).join(', ')}${shared.length > 12 ? ', ...' : ''})` : ''}`,
  );
  if (g.vendor) {
    out.push(
      `  encodings the vendor tables of ${g.vendor.cores.join(', ')} all list: ${g.vendor.sameName} under one name${g.vendor.differentNames ? `, ${g.vendor.differentNames} under different names` : ''}`,
    );
  }
  if (p.warnings.length) {
    out.push('', 'warnings:');
    for (const w of p.warnings) out.push(`  ${w.message}`, `    (${w.origin})`);
  }
  if (p.problems.length) {
    out.push('', `problems (${p.problems.length}):`);
    for (const pr of p.problems) out.push(`  ${pr.path}: ${pr.kind}: ${pr.detail}`);
  }
  return out.join('\n') + '\n';
}

/** The JSON contract of `pmumap host --json` (README documents the keys). */
export function planJson(p: HostPlan): object {
  return {
    sysfs: p.sysfs,
    arch: p.arch,
    consumer: p.consumer,
    plan: p.plan,
    why: p.why,
    whyText: p.whyText,
    origin: p.origin,
    pmuType: p.pmuType,
    pmu: p.pmu,
    possible: p.possible,
    online: p.online,
    target: p.target,
    pmus: p.pmus.map((d) => ({
      name: d.name,
      type: d.type,
      cpus: d.cpus,
      cores: d.cores,
      implementation: d.implementation,
      vendorCores: d.vendorCores,
      compatible: d.compatible,
      reason: d.reason,
      reasonText: d.reasonText,
      events: d.events,
    })),
    uncovered: p.uncovered,
    guest: p.guest,
    warnings: p.warnings,
    problems: p.problems,
  };
}
