/**
 * `pmumap explain ARCH THING [--mode M] [--eax X --ebx X --ecx X --edx X]`:
 * the chain of rules that decides THING's mapping, each with its tables
 * line. THING is an event (name, ENUM.NAME or code), a register value
 * (`PMEVTYPER3_EL0=0x4008`, `PMCCFILTR_EL0=0`), or a CPUID leaf (`0xa`
 * with its registers as options).
 */
import type { MArch, MRegister, Model } from '../../model/model.ts';
import { archScope } from '../../model/arch-scope.ts';
import { printExpr } from '../../model/print-expr.ts';
import type { Sourced } from '../../query/explain/events.ts';
import { findEvents, mappedFrom, tablesNaming } from '../../query/explain/events.ts';
import type { GuestChains } from '../../query/explain/guest-chains.ts';
import type { DefaultedInput } from '../../query/explain/input-defaults.ts';
import { guestChains, picksCounterForRegister } from '../../query/explain/guest-chains.ts';
import type { DecodedField } from '../../query/explain/register-value.ts';
import { counterOf, decode } from '../../query/explain/register-value.ts';
import { loadTables } from '../../runtime/tables.ts';
import { formatValue } from '../../runtime/values.ts';
import type { ParsedArgs } from '../args.ts';
import { oneOf, single, UsageError } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import { leafRegisters } from '../../query/cpuid/leaf-answer.ts';
import { leafCommands } from '../../query/explain/leaf-commands.ts';
import { explainRun } from '../explain.ts';
import { jsonValue } from '../../query/value-names.ts';
import type { CliIo } from '../io.ts';
import { explainCore } from '../explain-core.ts';
import { loadModel } from '../load-model.ts';
import { resultJson } from './run-result-json.ts';

const NUM = /^(0x[0-9a-f_]+|\d+)$/i;

function number(text: string, what: string, bits = 64): bigint {
  if (!NUM.test(text))
    throw new UsageError(`${what}: expected a number (decimal or 0x), found '${text}'`);
  const v = BigInt(text.replace(/_/g, ''));
  if (v >= 1n << BigInt(bits))
    throw new UsageError(`${what}: ${text} does not fit in ${bits} bits`);
  return v;
}

const REGISTERS = ['eax', 'ebx', 'ecx', 'edx'] as const;

/** `0xa` or `0x23.1`: a CPUID leaf and its subleaf (undefined when none is written). */
function leafOf(thing: string): { leaf: bigint; subleaf: bigint | undefined } | undefined {
  const m = /^(0x[0-9a-f_]+|\d+)(?:\.(0x[0-9a-f_]+|\d+))?$/i.exec(thing);
  if (!m?.[1]) return undefined;
  const value = (text: string): bigint => BigInt(text.replace(/_/g, ''));
  return { leaf: value(m[1]), subleaf: m[2] === undefined ? undefined : value(m[2]) };
}

/** The registers the tables declare for CPUID (leaf, subleaf); subleaf 0 when none is written. */
function subleafRegisters(model: Model, leaf: bigint, subleaf: bigint | undefined): MRegister[] {
  if (!subleaf) return leafRegisters(model, leaf);
  return model.registers.filter(
    (r) => r.cpuid && BigInt(r.cpuid.leaf) === leaf && BigInt(r.cpuid.subleaf ?? '0') === subleaf,
  );
}

/** `pmumap fixed x86 --leaf23-ebx`: each command with an input of these registers, and its options. */
function readAlongside(model: Model, arch: MArch, values: ReadonlyMap<string, bigint>): string[] {
  return arch.commands.flatMap((c) => {
    const iface = model.interfaces.find((i) => i.name === c.interface);
    const options = (iface?.inputs ?? [])
      .filter((i) => values.has(i.type))
      .map((i) => `--${i.name.replace(/_/g, '-')}`);
    return options.length > 0 ? [`pmumap ${c.name} ${arch.name} ${options.join(' ')}`] : [];
  });
}

/** `a`, `a and b`, `a, b and c`. */
const listed = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

const sourcedLine = (l: Sourced): string => `  ${l.text}  (${l.source})`;

/** The guest command's inputs bound to host facts explain does not have, at their defaults. */
function hostDefaults(model: Model, g: GuestChains): string {
  const shown = g.unread.flatMap((input) =>
    input.default ? [`${input.name} = ${printExpr(model, input.default)}`] : [],
  );
  return shown.length ? `; no host is read: ${shown.join(', ')}, the input's default` : '';
}

/** The one value every run's defaulted mask has; undefined when there is none or they differ. */
function sharedMask(g: GuestChains): DefaultedInput | undefined {
  const values = new Set(g.runs.map((r) => (r.mask ? formatValue(r.mask.value) : '')));
  return values.size === 1 ? g.runs[0]?.mask : undefined;
}

/** Where the event lands: the counter the guest names, or the mask the command picks one from. */
function counterText(g: GuestChains): string {
  if (!g.picks) return `a guest programs it on counter ${g.counter}`;
  const mask = g.picks.mask;
  if (!mask) return 'a guest asks for it and the event picks the counter';
  const shared = sharedMask(g);
  const value = !mask.default
    ? 'the mask given'
    : shared
      ? formatValue(shared.value)
      : 'its default';
  return `a guest asks for it and the event picks the counter from ${mask.name} = ${value}`;
}

/** `; counter_mask = EXPR where hw_counters = 0x6, the input's default`: how the mask's value came about. */
function maskDefault(model: Model, g: GuestChains): string {
  const mask = g.picks?.mask;
  if (!mask?.default) return '';
  const reads = sharedMask(g)?.reads ?? [];
  const where = reads.length
    ? ` where ${reads.map((r) => `${r.name} = ${formatValue(r.value)}`).join(', ')}`
    : '';
  return `; ${mask.name} = ${printExpr(model, mask.default)}${where}, the input's default`;
}

function guestText(model: Model, arch: MArch, g: GuestChains | undefined): string[] {
  if (!g) return [];
  const lines = [
    `${counterText(g)} (pmumap ${g.command} ${arch.name}${maskDefault(model, g)}${hostDefaults(model, g)}):`,
  ];
  // Runs whose defaulted masks differ each say theirs.
  const each = g.picks?.mask?.default !== undefined && !sharedMask(g);
  for (const r of g.runs) {
    const pmu = r.pmu !== undefined ? `--pmu ${r.pmu} ` : '';
    const mask = each && r.mask ? ` from ${formatValue(r.mask.value)}` : '';
    const picked = r.picked !== undefined ? ` ${g.picks?.output} ${r.picked}${mask}` : '';
    lines.push(`  ${pmu}--mode ${r.mode}:${picked}`);
    lines.push(...indent(explainRun(model, g.iface, r.result, r.full), '    '));
  }
  return lines;
}

const guestJson = (g: GuestChains | undefined): unknown =>
  g
    ? {
        counter: g.counter ?? null,
        ...(g.picks ? { counterPickedBy: g.picks.output } : {}),
        command: g.command,
        runs: g.runs.map((r) => ({
          ...(r.pmu !== undefined ? { pmu: r.pmu } : {}),
          mode: r.mode,
          ...(r.picked !== undefined ? { counter: Number(r.picked) } : {}),
          ...(r.mask ? { counterMask: jsonValue(r.mask.value) } : {}),
          ...(resultJson(r.result) as object),
        })),
      }
    : null;

const indent = (text: string, pad: string): string[] => text.split('\n').map((l) => pad + l);

/** `PMEVTYPER3_EL0=0x4008`: the register (an indexed family by its index), and the counter it programs. */
function registerValue(
  model: Model,
  thing: string,
): { reg: MRegister; index?: number; value: bigint } | undefined {
  const eq = thing.indexOf('=');
  if (eq <= 0) return undefined;
  const name = thing.slice(0, eq);
  const valueText = thing.slice(eq + 1);
  for (const reg of model.registers) {
    if (reg.cpuid) continue;
    if (reg.name === name) return { reg, value: number(valueText, name, reg.width) };
    if (reg.index) {
      const [pre, post] = reg.name.split(`<${reg.index.variable}>`);
      const m = new RegExp(`^${pre}(\\d+)${post}$`).exec(name);
      if (m && pre !== undefined && post !== undefined) {
        const index = Number(m[1]);
        if (index < reg.index.lo || index > reg.index.hi)
          throw new UsageError(
            `${name}: ${reg.index.variable} must be in ${reg.index.lo}..${reg.index.hi}`,
          );
        return { reg, index, value: number(valueText, name, reg.width) };
      }
    }
  }
  return undefined;
}

function fieldText(f: DecodedField): string {
  const note = f.reserved
    ? ` (${f.reserved.toUpperCase()}: should be ${f.reserved === 'res0' ? 0 : 'all ones'})`
    : '';
  return `  ${f.bits.padEnd(6)} ${f.name.padEnd(14)} ${formatValue(f.value)}${f.member ? ` (${f.member})` : ''}${f.gate ? `  [when ${f.gate}]` : ''}${note}  (${f.source})`;
}

const fieldJson = (f: DecodedField): unknown => ({ ...f, value: jsonValue(f.value) });

export async function explainCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [archName, thing, ...paths] = args.positionals;
  if (!archName || !thing)
    throw new UsageError(
      'explain needs an architecture and a thing: an event, REGISTER=VALUE, or a CPUID leaf',
    );
  const loaded = await loadModel(io, paths, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const model = loaded.model;
  const arch = model.archs.find((a) => a.name === archName);
  if (!arch) {
    const names = model.archs.map((a) => a.name);
    throw new UsageError(
      `unknown architecture '${archName}'${didYouMean(archName, names)} (expected ${names.join(', ')})`,
    );
  }
  const t = loadTables(model);
  // Names are looked up among what this arch reaches, never another arch's.
  const scope = archScope(model, arch);
  const mode = single(args, 'mode');
  if (mode !== undefined)
    oneOf(
      '--mode',
      mode,
      arch.modes.map((m) => m.name),
    );
  const json = args.flags.has('json');
  /** Print the explanation: its JSON form with --json, else its text. */
  const print = (body: Record<string, unknown>, text: () => string): number => {
    io.stdout(json ? JSON.stringify({ arch: arch.name, thing, ...body }, null, 2) + '\n' : text());
    return 0;
  };

  const core = model.cores.find((c) => c.name === thing);
  if (core) {
    // A core belongs to the architectures whose host devices or vendor items name its pmu.
    const owners = model.archs.filter(
      (a) =>
        a.host?.devices.some((d) => d.pmu === core.pmu) ||
        a.vendor?.some((v) => v.pmu === core.pmu),
    );
    if (!owners.includes(arch))
      throw new UsageError(
        `core '${core.name}' implements ${core.pmu}, which is not an ${arch.name} pmu${owners[0] ? ` (try: pmumap explain ${owners[0].name} ${core.name})` : ''}`,
      );
    const lines = explainCore(model, t, arch, core);
    return print(
      { kind: 'core', core: core.name, pmu: core.pmu, source: core.origin, lines },
      () => lines.join('\n') + '\n',
    );
  }

  const regValue = registerValue(scope, thing);
  if (regValue) {
    const { reg, index, value } = regValue;
    const fields = decode(model, t, reg, value);
    const { counter, range } = counterOf(model, arch, reg, index);
    // A register the guest passes as its event where the command picks the
    // counter (no counter is programmed via it): the command's pick is shown.
    const picks = counter === undefined && picksCounterForRegister(model, arch, reg.name);
    const guest =
      counter !== undefined || picks
        ? guestChains(model, t, arch, counter ?? 0, value, mode)
        : undefined;
    return print(
      {
        kind: 'register',
        register: reg.name,
        ...(index !== undefined ? { index } : {}),
        value: jsonValue(value),
        source: reg.origin,
        fields: fields.map(fieldJson),
        counter: counter ?? null,
        ...(range ? { counterRange: range } : {}),
        guest: guestJson(guest),
      },
      () =>
        [
          `${thing.slice(0, thing.indexOf('='))} = ${formatValue(value)}: ${reg.name}${reg.doc ? ` "${reg.doc}"` : ''}  (${reg.origin})`,
          ...fields.map(fieldText),
          '',
          ...(counter === undefined && !guest
            ? [
                range
                  ? `${reg.name} programs one of ${arch.name}'s counters ${range}; the value does not say which`
                  : `no ${arch.name} pmu counter is programmed via ${reg.name}`,
              ]
            : guestText(model, arch, guest)),
        ].join('\n') + '\n',
    );
  }

  const leafAt = leafOf(thing);
  const regs = leafAt ? subleafRegisters(scope, leafAt.leaf, leafAt.subleaf) : [];
  if (leafAt && regs.length > 0 && REGISTERS.some((r) => single(args, r) !== undefined)) {
    // Only the registers the tables declare for this (sub)leaf are needed: those not given are named.
    const missing = regs
      .map((r) => r.cpuid?.reg ?? '')
      .filter((reg) => single(args, reg) === undefined);
    if (missing.length > 0)
      throw new UsageError(
        `explain ${arch.name} ${thing} needs ${listed(missing.map((reg) => `--${reg}`))} too (the registers the tables declare for it)`,
      );
    const values = new Map<string, bigint>();
    for (const r of regs) {
      const reg = r.cpuid?.reg ?? '';
      values.set(r.name, number(single(args, reg) ?? '', `--${reg}`, 32));
    }
    const commands = leafCommands(model, t, arch, values, args.flags.has('hypervisor'));
    return print(
      {
        kind: 'cpuid',
        leaf: thing,
        registers: regs.map((r) => ({
          name: r.name,
          value: jsonValue(values.get(r.name) ?? 0n),
          source: r.origin,
          fields: decode(model, t, r, values.get(r.name) ?? 0n).map(fieldJson),
        })),
        commands: commands.map((c) => ({
          command: c.name,
          interface: c.iface.name,
          results: c.results.map(resultJson),
        })),
      },
      () => {
        const out: string[] = [];
        for (const r of regs)
          out.push(
            `${r.name} = ${formatValue(values.get(r.name) ?? 0n)}  (${r.origin})`,
            ...decode(model, t, r, values.get(r.name) ?? 0n).map(fieldText),
          );
        for (const c of commands) {
          out.push('', `pmumap ${c.name} ${arch.name} (${c.iface.name}):`);
          for (const r of c.results) out.push(...indent(explainRun(model, c.iface, r, true), '  '));
        }
        // A subleaf no command answers from alone (0x23.1): the options that take it beside other leaves.
        const alongside = commands.length === 0 ? readAlongside(model, arch, values) : [];
        if (alongside.length > 0)
          out.push(
            '',
            `no command answers from this leaf alone; these take it beside their other inputs: ${alongside.join(', ')}`,
          );
        return out.join('\n') + '\n';
      },
    );
  }

  if (leafAt?.subleaf !== undefined && regs.length === 0) {
    // LEAF.SUB is a subleaf the tables do not declare: name those they do.
    const declared = [
      ...new Set(
        scope.registers
          .filter((r) => r.cpuid && BigInt(r.cpuid.leaf) === leafAt.leaf)
          .map((r) => `${r.cpuid?.leaf}.${Number(BigInt(r.cpuid?.subleaf ?? '0'))}`),
      ),
    ];
    throw new UsageError(
      `the tables declare no CPUID subleaf ${thing} for ${arch.name}${declared.length ? ` (leaf ${thing.split('.')[0]} has ${listed(declared)})` : ''}`,
    );
  }

  const events = findEvents(scope, arch, thing);
  if (events.length === 0) {
    // `NAME=VALUE` names a register (an indexed family by one member, e.g. index 0); else an event.
    const eq = thing.indexOf('=');
    const suggestion =
      eq > 0
        ? didYouMean(
            thing.slice(0, eq),
            scope.registers
              .filter((r) => !r.cpuid)
              .map((r) =>
                r.index ? r.name.replace(`<${r.index.variable}>`, String(r.index.lo)) : r.name,
              ),
          )
        : didYouMean(
            thing,
            scope.enums
              .filter((e) => e.kind === 'events')
              .flatMap((e) => e.members.map((m) => m.name)),
          );
    throw new UsageError(
      `'${thing}' is not an event, REGISTER=VALUE or a CPUID leaf of ${arch.name}${suggestion} (for a leaf give --eax --ebx --ecx --edx)`,
    );
  }
  const explained = events.map((ev) => ({
    ev,
    named: tablesNaming(scope, ev),
    from: mappedFrom(model, t, arch, ev),
    guest: (arch.host?.guest?.events ?? [])
      .filter((e) => e.enum === ev.enumName)
      .map((e) => guestChains(model, t, arch, e.counter, ev.value, mode)),
  }));
  return print(
    {
      kind: 'event',
      events: explained.map((x) => ({
        enum: x.ev.enumName,
        name: x.ev.name,
        value: jsonValue(x.ev.value),
        doc: x.ev.doc ?? null,
        source: x.ev.origin,
        namedBy: x.named,
        mappedFrom: x.from,
        guest: x.guest.map(guestJson),
      })),
    },
    () => {
      const out: string[] = [];
      for (const { ev, named, from, guest } of explained) {
        out.push(
          `${ev.name} = ${formatValue(ev.value)} in ${ev.enumName}${ev.doc ? ` "${ev.doc}"` : ''}  (${ev.origin})`,
        );
        if (named.length) out.push('', 'named by:', ...named.map(sourcedLine));
        if (from.length)
          out.push('', 'generic perf events that map to it:', ...from.map(sourcedLine));
        for (const g of guest) out.push('', ...guestText(model, arch, g));
        out.push('');
      }
      return out.join('\n');
    },
  );
}
