/**
 * `pmumap check [paths] [--json | --format text|json|sarif] [--short|--summary]`:
 * compile, print diagnostics; exit 1 on errors. SARIF goes to stdout for
 * CI to annotate table lines.
 */
import { lineColOf } from '../../diagnostics/source-file.ts';
import { formatDiagnostics } from '../../diagnostics/format.ts';
import { toSarif } from '../../diagnostics/sarif.ts';
import type { ParsedArgs } from '../args.ts';
import { oneOf, single, UsageError } from '../args.ts';
import { compileCached } from '../../project/compile-cached.ts';
import type { CliIo } from '../io.ts';
import { startProgress } from '../progress.ts';
import { readSources } from '../../project/sources.ts';
import { VERSION } from '../version.ts';

export async function checkCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const formatGiven = single(args, 'format');
  if (formatGiven !== undefined && args.flags.has('json') && formatGiven !== 'json')
    throw new UsageError(`give --json or --format ${formatGiven}, not both`);
  const format =
    formatGiven === undefined
      ? args.flags.has('json')
        ? 'json'
        : 'text'
      : oneOf('--format', formatGiven, ['text', 'json', 'sarif'] as const);
  const files = readSources(io.cwd, args.positionals);
  const progress = startProgress(io, 'check');
  progress.step(`compiling ${files.length} file(s)`);
  const result = await compileCached(io, files, {
    useCache: !args.flags.has('no-cache'),
    needModel: false,
  }).finally(() => progress.done());
  const byPath = new Map(files.map((f) => [f.path, f]));
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (format === 'sarif') {
    const log = toSarif(result.diagnostics, byPath, { name: 'pmumap', version: VERSION });
    io.stdout(JSON.stringify(log, null, 2) + '\n');
  } else if (format === 'json') {
    const diagnostics = result.diagnostics.map((d) => {
      const file = byPath.get(d.span.file);
      const pos = file ? lineColOf(file, d.span.start) : { line: 0, col: 0 };
      return {
        file: d.span.file,
        line: pos.line,
        col: pos.col,
        code: d.code,
        severity: d.severity,
        message: d.message,
      };
    });
    io.stdout(JSON.stringify({ files: files.length, errors, diagnostics }, null, 2) + '\n');
  } else if (args.flags.has('summary')) {
    // Errors in full; warnings as a count per code with the first of each.
    const errs = result.diagnostics.filter((d) => d.severity === 'error');
    if (errs.length > 0) io.stderr(formatDiagnostics(errs, byPath, { excerpt: true }));
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    const byCode = new Map<string, number>();
    for (const w of warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1);
    const counts = [...byCode]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, n]) => `${code} x${n}`)
      .join(', ');
    io.stdout(
      `${files.length} file(s) checked: ${errors} error(s), ${warnings.length} warning(s)${counts ? ` (${counts}; --short lists them)` : ''}\n`,
    );
  } else if (result.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(result.diagnostics, byPath, { excerpt: !args.flags.has('short') }));
  } else {
    io.stdout(`${files.length} file(s) checked, no errors\n`);
  }
  return errors > 0 ? 1 : 0;
}
