/**
 * `pmumap commands [--json]`: the commands each arch block declares, the
 * interface behind each, its options (the interface's inputs, with their
 * defaults), its default consumer and its modes; and each whole-CPU command
 * (`command NAME { ... }`): its identify interface, its options and, per
 * vendor, the interface each slot runs.
 */
import { findConsumer, statusLabel } from '../../model/kernel-choice.ts';
import type { MArch, MCpuCommand, MExpr, Model } from '../../model/model.ts';
import { memberName } from '../../query/value-names.ts';
import { cpuCommandOptions } from './cpu-command.ts';
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

/** A command an arch block declares, as `pmumap commands --json` prints it. */
export interface CommandRow {
  readonly arch: string;
  readonly command: string;
  /** The interface behind it; for a whole-CPU command, the one that identifies the CPU. */
  readonly interface: string;
  readonly consumer: string;
  readonly kernel: string;
  readonly over: string | null;
  readonly doc: string;
  readonly options: readonly {
    readonly option: string;
    readonly type: string;
    readonly default: string | null;
    readonly doc: string;
  }[];
  readonly modes: readonly {
    readonly mode: string;
    readonly consumer: string;
    readonly kernel: string;
  }[];
  /** `identity CPU.SLOT`: given the CPU (the options from --vendor on), CPU's SLOT answers. */
  readonly identity?: { readonly command: string; readonly slot: string };
  /** A whole-CPU command only: per vendor block, the interface (and default consumer) of each slot. */
  readonly vendors?: readonly {
    readonly vendors: readonly string[];
    readonly slots: readonly {
      readonly slot: string;
      readonly interface: string;
      readonly consumer: string | null;
    }[];
  }[];
}

/** The row of a whole-CPU command: its identify step, its options, each vendor block's slots. */
function cpuCommandRow(model: Model, arch: MArch, c: MCpuCommand): CommandRow {
  const identify = model.interfaces.find((i) => i.name === c.identify.interface);
  const vendorType = identify?.outputs.find((o) =>
    model.enums.some((e) => e.name === o.type),
  )?.type;
  return {
    arch: arch.name,
    command: c.name,
    interface: c.identify.interface,
    consumer: c.identify.consumer,
    kernel: statusLabel(findConsumer(model, c.identify.interface, c.identify.consumer)?.status),
    over: null,
    doc: c.doc ?? '',
    options: cpuCommandOptions(model, c).map((o) => ({
      option: o.option,
      type: o.type,
      default: null,
      doc: o.doc,
    })),
    modes: [],
    vendors: c.vendors.map((v) => ({
      vendors: v.match.map((m) => memberName(model, vendorType, BigInt(m)) ?? m),
      slots: v.slots.map((s) => ({
        slot: s.slot,
        interface: s.interface,
        consumer: s.consumer ?? null,
      })),
    })),
  };
}

/** One row per (arch, command): the interface behind it, its options and modes. */
export function commandRows(model: Model): CommandRow[] {
  return model.archs.flatMap((arch) => [
    ...arch.commands.map((c): CommandRow => {
      const iface = model.interfaces.find((i) => i.name === c.interface);
      const options = (iface?.inputs ?? [])
        .filter((i) => i.name !== c.over)
        .map((i) => ({
          option: `--${i.name.replace(/_/g, '-')}`,
          type: i.type,
          default: i.default ? show(i.default) : null,
          doc: i.doc ?? '',
        }));
      // `identity CPU.SLOT`: the whole-CPU command's options that describe the CPU.
      const cpu = c.identity && arch.cpuCommands?.find((x) => x.name === c.identity?.command);
      if (cpu)
        for (const o of cpuCommandOptions(model, cpu))
          if (!['--kernel', '--json'].includes(o.option))
            options.push({
              option: o.option,
              type: o.type,
              default: o.option === '--vendor' ? (c.identity?.vendor ?? null) : null,
              doc: `the CPU, for its model overrides: ${o.doc}`,
            });
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
        ...(c.identity ? { identity: { command: c.identity.command, slot: c.identity.slot } } : {}),
      };
    }),
    ...(arch.cpuCommands ?? []).map((c) => cpuCommandRow(model, arch, c)),
  ]);
}

/** The text form of the rows: a block per command with one line per option and mode. */
export function formatCommandRows(rows: readonly CommandRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`pmumap ${r.command} ${r.arch}: ${r.doc}`);
    out.push(
      `  ${r.vendors ? 'a whole CPU, identified by' : 'interface'} ${r.interface}, default consumer ${r.consumer} (${r.kernel})${r.over ? `, once per ${r.over}` : ''}`,
    );
    if (r.identity)
      out.push(
        `  given the CPU: the ${r.identity.slot} slot of pmumap ${r.identity.command} ${r.arch} answers`,
      );
    for (const v of r.vendors ?? [])
      out.push(
        `  for ${v.vendors.join(', ')}: ${v.slots.map((s) => `${s.slot} = ${s.interface}${s.consumer ? ` (${s.consumer})` : ' (every consumer)'}`).join(', ')}`,
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
