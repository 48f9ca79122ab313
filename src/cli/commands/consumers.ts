/** `pmumap consumers [--json]`: every consumer, the interface it implements, and what it models. */
import { formatDiagnostics } from '../../diagnostics/format.ts';
import type { ParsedArgs } from '../args.ts';
import { compileCached } from '../compile-cached.ts';
import type { CliIo } from '../io.ts';
import { readSources } from '../sources.ts';

export async function consumersCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const files = readSources(io.cwd, args.positionals);
  const result = await compileCached(io, files, { useCache: !args.flags.has('no-cache') });
  if (!result.model) {
    io.stderr(formatDiagnostics(result.diagnostics, new Map(files.map((f) => [f.path, f]))));
    return 1;
  }
  const rows = result.model.consumers.map((c) => ({
    name: c.name,
    implements: c.implements,
    extends: c.parent ?? null,
    models: c.doc ?? '',
    source: c.origin,
  }));
  if (args.flags.has('json')) {
    io.stdout(JSON.stringify({ consumers: rows }, null, 2) + '\n');
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  const wi = Math.max(...rows.map((r) => r.implements.length));
  io.stdout(
    rows
      .map(
        (r) =>
          `${r.name.padEnd(w)}  ${r.implements.padEnd(wi)}  ${r.models}${r.extends ? ` (extends ${r.extends})` : ''}`,
      )
      .join('\n') + '\n',
  );
  return 0;
}
