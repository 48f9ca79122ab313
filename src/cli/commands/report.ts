/**
 * `pmumap report [PATH...] [--format html|md] [--out FILE]`: one
 * self-contained document of every register, pmu, mapping, table,
 * disagreement and example, each row with its tables line. Without
 * --out it goes to stdout; with --out it is written atomically.
 */
import { resolve } from 'node:path';
import { collectReport } from '../../report/collect.ts';
import { renderHtml } from '../../report/render-html.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { ParsedArgs } from '../args.ts';
import { single, UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { VERSION } from '../version.ts';
import { writeAtomically } from '../write-files.ts';

export async function reportCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const format = single(args, 'format') ?? 'html';
  if (format !== 'html' && format !== 'md')
    throw new UsageError(`--format '${format}': expected html or md`);
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const data = collectReport(loaded.model, loadTables(loaded.model));
  const meta = { version: VERSION, sources: loaded.files.map((f) => f.path) };
  const text = format === 'html' ? renderHtml(data, meta) : renderMarkdown(data, meta);
  const out = single(args, 'out');
  if (out === undefined) io.stdout(text);
  else writeAtomically(resolve(io.cwd, out), text, 'report');
  return 0;
}
