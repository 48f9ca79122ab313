/** `pmumap consumers [--json]`: every consumer, the interface it implements, and what it models. */
import type { ParsedArgs } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';

export async function consumersCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const rows = loaded.model.consumers.map((c) => ({
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
