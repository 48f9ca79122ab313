/**
 * `pmumap report [PATH...] [--format html|md|json] [--out FILE]`: one
 * self-contained document of every register, pmu, mapping, table,
 * disagreement and example, each row with its tables line. Without
 * --out it goes to stdout; with --out it is written atomically and the
 * path written is printed. JSON is the data both renderers format.
 */
import { resolve } from 'node:path';
import { collectReport } from '../../query/report/collect.ts';
import { renderHtml } from '../../report/render-html.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { ParsedArgs } from '../args.ts';
import { oneOf, single } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import { startProgress } from '../progress.ts';
import { VERSION } from '../version.ts';
import { writeAtomically } from '../write-files.ts';

/** Report data as JSON: integers that do not fit a double stay exact as 0x strings. */
const reportJson = (data: unknown): string =>
  JSON.stringify(data, (_, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2) +
  '\n';

export async function reportCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const format = oneOf('--format', single(args, 'format') ?? 'html', ['html', 'md', 'json']);
  const progress = startProgress(io, 'report');
  try {
    progress.step('compiling the tables');
    const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
    if (!loaded) return 1;
    progress.step('running every mapping', true);
    const data = collectReport(loaded.model, loadTables(loaded.model));
    const meta = { version: VERSION, sources: loaded.files.map((f) => f.path) };
    progress.step(`rendering ${format}`);
    const text =
      format === 'html'
        ? renderHtml(data, meta)
        : format === 'md'
          ? renderMarkdown(data, meta)
          : reportJson({ ...meta, ...data });
    const out = single(args, 'out');
    progress.done();
    if (out === undefined) io.stdout(text);
    else {
      const path = resolve(io.cwd, out);
      writeAtomically(path, text, 'report');
      io.stdout(`wrote ${out} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)\n`);
    }
    return 0;
  } finally {
    progress.done();
  }
}
