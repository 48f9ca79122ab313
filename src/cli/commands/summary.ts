/**
 * `pmumap summary`: what the shipped tables hold, per source file, and how
 * many of their examples the compiler ran. This is `npm start`.
 */
import type { Model } from '../../model/model.ts';
import type { ParsedArgs } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';

interface Row {
  readonly source: string;
  readonly counts: Record<string, number>;
}

function summarise(model: Model, sources: readonly string[]): Row[] {
  const inFile = (origin: string, source: string): boolean =>
    origin.replace(/:\d+$/, '') === source;
  return sources.map((source) => {
    const n = <T extends { origin: string }>(list: readonly T[]): number =>
      list.filter((x) => inFile(x.origin, source)).length;
    const events = model.enums
      .filter((e) => e.kind === 'events' && inFile(e.origin, source))
      .reduce((sum, e) => sum + e.members.length, 0);
    const perfIds = model.targets
      .filter((t) => inFile(t.origin, source))
      .reduce((sum, t) => sum + t.types.reduce((s, ty) => s + (ty.ids?.length ?? 0), 0), 0);
    return {
      source,
      counts: {
        events: events + perfIds,
        registers: n(model.registers),
        pmus: n(model.pmus),
        tables: n(model.tables),
        consumers: n(model.consumers),
        examples: n(model.examples),
        cores: n(model.cores),
        'core events': model.cores
          .filter((c) => inFile(c.origin, source))
          .reduce((sum, c) => sum + c.fixed.length + c.common.length + c.events.length, 0),
        systems: n(model.systems),
      },
    };
  });
}

export async function summaryCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const { files } = loaded;
  const rows = summarise(
    loaded.model,
    files.map((f) => f.path),
  );
  if (args.flags.has('json')) {
    io.stdout(JSON.stringify({ sources: rows }, null, 2) + '\n');
    return 0;
  }
  // The vendor columns only when vendor tables were given (pmumap summary tables/vendor).
  const vendor = loaded.model.cores.length > 0 || loaded.model.systems.length > 0;
  const columns = [
    'events',
    'registers',
    'pmus',
    'tables',
    'consumers',
    'examples',
    ...(vendor ? ['cores', 'core events', 'systems'] : []),
  ];
  const width = Math.max(...rows.map((r) => r.source.length), 6);
  const lines = [
    ['source'.padEnd(width), ...columns.map((c) => c.padStart(Math.max(9, c.length)))].join(' '),
    ...rows.map((r) =>
      [
        r.source.padEnd(width),
        ...columns.map((c) => String(r.counts[c] ?? 0).padStart(Math.max(9, c.length))),
      ].join(' '),
    ),
  ];
  const examples = loaded.model.examples.length;
  const expectations = loaded.model.examples.reduce((s, e) => s + e.expects.length, 0);
  const byInterface = new Map<string, string[]>();
  for (const c of loaded.model.consumers) {
    byInterface.set(c.implements, [...(byInterface.get(c.implements) ?? []), c.name]);
  }
  lines.push('', `all ${examples} examples (${expectations} expectations) hold`, 'consumers:');
  for (const [iface, names] of byInterface) lines.push(`  ${iface}: ${names.join(', ')}`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
