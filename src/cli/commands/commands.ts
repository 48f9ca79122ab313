/**
 * `pmumap commands [--json]`: the commands each arch block declares, the
 * interface behind each, its options (the interface's inputs, with their
 * defaults), its default consumer and its modes.
 */
import { findConsumer, statusLabel } from '../../model/kernel-choice.ts';
import type { MExpr, Model } from '../../model/model.ts';
import type { ParsedArgs } from '../args.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';

/** A short source-like rendering of a default value. */
function show(e: MExpr): string {
  switch (e.op) {
    case 'const':
      return e.value;
    case 'bool':
      return String(e.value);
    case 'var':
    case 'pmu':
      return e.name;
    case 'prop':
      return `${show(e.object)}.${e.name}`;
    default:
      return '(computed)';
  }
}

/** One row per (arch, command): the interface behind it, its options and modes. */
export function commandRows(model: Model) {
  return model.archs.flatMap((arch) =>
    arch.commands.map((c) => {
      const iface = model.interfaces.find((i) => i.name === c.interface);
      const options = (iface?.inputs ?? [])
        .filter((i) => i.name !== c.over)
        .map((i) => ({
          option: `--${i.name.replace(/_/g, '-')}`,
          type: i.type,
          default: i.default ? show(i.default) : null,
          doc: i.doc ?? '',
        }));
      const modes = arch.modes
        .filter((m) =>
          model.consumers.some((x) => x.name === m.consumer && x.implements === c.interface),
        )
        .map((m) => ({
          mode: m.name,
          consumer: m.consumer,
          kernel: statusLabel(findConsumer(model, c.interface, m.consumer)?.status),
        }));
      return {
        arch: arch.name,
        command: c.name,
        interface: c.interface,
        consumer: c.consumer,
        /** Which kernel the default consumer models (its status). */
        kernel: statusLabel(findConsumer(model, c.interface, c.consumer)?.status),
        over: c.over ?? null,
        doc: c.doc ?? '',
        options,
        modes,
      };
    }),
  );
}

/** The text form of the rows: a block per command with one line per option and mode. */
export function formatCommandRows(rows: ReturnType<typeof commandRows>): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`pmumap ${r.command} ${r.arch}: ${r.doc}`);
    out.push(
      `  interface ${r.interface}, default consumer ${r.consumer} (${r.kernel})${r.over ? `, once per ${r.over}` : ''}`,
    );
    for (const o of r.options) {
      out.push(
        `  ${o.option.padEnd(16)} ${o.type}${o.default !== null ? ` = ${o.default}` : ''}${o.doc ? `  ${o.doc}` : ''}`,
      );
    }
    for (const m of r.modes) out.push(`  --mode ${m.mode} (consumer ${m.consumer}, ${m.kernel})`);
    out.push('');
  }
  return out.join('\n');
}

export async function commandsCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const rows = commandRows(loaded.model);
  if (args.flags.has('json')) {
    io.stdout(JSON.stringify({ commands: rows }, null, 2) + '\n');
    return 0;
  }
  io.stdout(formatCommandRows(rows));
  return 0;
}
