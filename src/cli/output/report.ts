/** What gen says: the one line for what stopped it, and its answers in text or JSON. */
import { join } from 'node:path';
import type { Drift } from './drift.ts';
import type { Obstacle } from './plan.ts';

/** One line naming the first file in the way (paths as the user named the output directory). */
export function obstacleLine(shown: string, obstacles: readonly Obstacle[]): string {
  const first = obstacles[0];
  if (!first) return `cannot write --out '${shown}'`;
  const more = obstacles.length > 1 ? ` (and ${obstacles.length - 1} more)` : '';
  const hint = first.hard
    ? ''
    : first.why.startsWith('was changed')
      ? ' (--force keeps it and goes on)'
      : ' (--force replaces it)';
  return `cannot write --out '${shown}': '${join(shown, first.path)}' ${first.why}${more}; nothing was changed${hint}`;
}

export function driftText(
  drift: readonly Drift[],
  files: number,
): { stdout: string; stderr: string } {
  if (drift.length === 0) return { stdout: `${files} generated file(s) up to date\n`, stderr: '' };
  const lines = drift.map((d) => `  ${d.path} (${d.problem})`).join('\n');
  return {
    stdout: '',
    stderr: `generated tables are out of date:\n${lines}\nrun: npm run gen\n`,
  };
}

export function driftJson(drift: readonly Drift[], files: number): string {
  return `${JSON.stringify({ upToDate: drift.length === 0, files, drift }, null, 2)}\n`;
}

export interface WriteSummary {
  readonly out: string;
  readonly written: readonly string[];
  readonly unchanged: number;
  readonly removed: readonly string[];
  readonly leftoversRemoved: readonly string[];
}

export function writeText(s: WriteSummary): string {
  const parts = [`wrote ${s.written.length} file(s) to ${s.out}`];
  if (s.unchanged > 0) parts.push(`${s.unchanged} unchanged`);
  if (s.removed.length > 0) parts.push(`removed ${s.removed.length} no longer generated`);
  if (s.leftoversRemoved.length > 0)
    parts.push(`removed the leftovers of an interrupted gen (${s.leftoversRemoved.join(', ')})`);
  return `${parts.join(', ')}\n`;
}

export function writeJson(s: WriteSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
