/** `pmumap check [paths]`: compile, print diagnostics; exit 1 on errors. */
import { lineColOf } from '../../diagnostics/source-file.ts';
import { formatDiagnostics } from '../../diagnostics/format.ts';
import type { ParsedArgs } from '../args.ts';
import { compileCached } from '../compile-cached.ts';
import type { CliIo } from '../io.ts';
import { readSources } from '../sources.ts';

export async function checkCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const files = readSources(io.cwd, args.positionals);
  const result = await compileCached(io, files, { useCache: !args.flags.has('no-cache') });
  const byPath = new Map(files.map((f) => [f.path, f]));
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (args.flags.has('json')) {
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
  } else if (result.diagnostics.length > 0) {
    io.stderr(formatDiagnostics(result.diagnostics, byPath, { excerpt: !args.flags.has('short') }));
  } else {
    io.stdout(`${files.length} file(s) checked, no errors\n`);
  }
  return errors > 0 ? 1 : 0;
}
