/**
 * `pmumap consumers [--json | --markdown]`: every consumer, the interface it
 * implements, which kernel it models (its status) and what it models.
 * `--markdown` prints README's consumer table (test/readme-consumers.test.ts
 * keeps README equal to it).
 */
import { statusJson, statusLabel } from '../../model/kernel-choice.ts';
import type { Model } from '../../model/model.ts';
import type { ParsedArgs } from '../args.ts';
import { UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';

/** A Markdown table cell: pipes escaped, one line. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** README's table of consumers: one row per consumer, grouped by interface in declaration order. */
export function consumerTableMarkdown(model: Model): string {
  const rows = ['| interface | consumer | kernel | models |', '| --- | --- | --- | --- |'];
  const ifaces = [...new Set(model.consumers.map((c) => c.implements))];
  for (const iface of ifaces) {
    model.consumers
      .filter((c) => c.implements === iface)
      .forEach((c, i) => {
        const first = i === 0 ? `\`${iface}\`` : '';
        rows.push(
          `| ${first} | \`${c.name}\` | ${cell(statusLabel(c.status))} | ${cell(c.doc ?? '')} |`,
        );
      });
  }
  return rows.join('\n') + '\n';
}

export async function consumersCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  if (args.flags.has('json') && args.flags.has('markdown'))
    throw new UsageError('give --json or --markdown, not both');
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  if (args.flags.has('markdown')) {
    io.stdout(consumerTableMarkdown(loaded.model));
    return 0;
  }
  const rows = loaded.model.consumers.map((c) => ({
    name: c.name,
    implements: c.implements,
    extends: c.parent ?? null,
    models: c.doc ?? '',
    source: c.origin,
    status: statusJson(c.status),
    kernel: statusLabel(c.status),
  }));
  if (args.flags.has('json')) {
    io.stdout(JSON.stringify({ consumers: rows }, null, 2) + '\n');
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  const wi = Math.max(...rows.map((r) => r.implements.length));
  const wk = Math.max(...rows.map((r) => r.kernel.length));
  io.stdout(
    rows
      .map(
        (r) =>
          `${r.name.padEnd(w)}  ${r.implements.padEnd(wi)}  ${r.kernel.padEnd(wk)}  ${r.models}${r.extends ? ` (extends ${r.extends})` : ''}`,
      )
      .join('\n') + '\n',
  );
  return 0;
}
