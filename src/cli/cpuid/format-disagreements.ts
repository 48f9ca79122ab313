/**
 * `pmumap cpuid disagree` without --json: each explored interface's classes
 * of disagreement, with a witness input and every consumer's answer.
 */
import type { Disagreements } from '../../query/disagreements.ts';

export function formatDisagreements(list: readonly Disagreements[]): string {
  const lines: string[] = [];
  for (const d of list) {
    lines.push(
      `${d.interface}: ${d.consumers.join(', ')}; ${d.space.size} inputs (${d.space.dimensions.map((x) => `${x.name} ×${x.values}`).join(', ')}); ${d.classes.length} classes of disagreement`,
      '',
    );
    for (const c of d.classes) {
      lines.push(`${c.signature}  (${c.count} inputs)`);
      lines.push(
        `  witness: ${Object.entries(c.witness)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
      for (const [name, a] of Object.entries(c.answers)) {
        lines.push(`  ${name.padEnd(20)} {${a.members.join(',')}}  ${a.rule}`);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
