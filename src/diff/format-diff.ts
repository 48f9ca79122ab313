/** `pmumap diff` as text: one block per group that has changes, each entry with its lines. */
import type { Change } from './change.ts';
import type { SemanticDiff } from './semantic-diff.ts';
import { differenceCount, GROUPS } from './semantic-diff.ts';

function lines(c: Change): string[] {
  const where = [c.fromOrigin, c.toOrigin].filter(Boolean).join(' -> ');
  const what =
    c.from !== undefined && c.to !== undefined
      ? `${c.from}  ->  ${c.to}`
      : c.from !== undefined
        ? `was ${c.from}`
        : c.to !== undefined
          ? `now ${c.to}`
          : '';
  return [
    `  ${c.subject}`,
    ...(what ? [`      ${what}`] : []),
    ...(where ? [`      (${where})`] : []),
  ];
}

export function formatDiff(d: SemanticDiff, oldName: string, newName: string): string {
  const n = differenceCount(d);
  const out = [
    `pmumap diff ${oldName} ${newName}: ${n === 0 ? 'no semantic difference' : `${n} difference(s)`}`,
  ];
  for (const [key, title] of GROUPS) {
    const list = d[key];
    if (list.length === 0) continue;
    out.push('', `${title} (${list.length}):`, ...list.flatMap(lines));
  }
  return out.join('\n') + '\n';
}
