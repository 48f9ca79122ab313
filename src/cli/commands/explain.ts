/**
 * `pmumap explain ARCH THING [--mode M] [--eax X --ebx X --ecx X --edx X]`:
 * the chain of rules that decides THING's mapping, each with its tables
 * line. THING is an event (name, ENUM.NAME or code), a register value
 * (`PMEVTYPER3_EL0=0x4008`, `PMCCFILTR_EL0=0`), or a CPUID leaf (`0xa`
 * with its registers as options).
 */
import type { MArch, MInterface, MRegister, Model } from '../../model/model.ts';
import { archScope } from '../../model/arch-scope.ts';
import { membersOfType } from '../../model/members.ts';
import { printExpr } from '../../model/print-expr.ts';
import { guestConsumer, runGuest } from '../../query/guest-run.ts';
import type { RunResult } from '../../runtime/run.ts';
import { consumersOf, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { loadTables } from '../../runtime/tables.ts';
import { extract, formatValue } from '../../runtime/values.ts';
import type { ParsedArgs } from '../args.ts';
import { oneOf, single, UsageError } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import { bindInputs, leafRegisters } from '../../query/cpuid/leaf-answer.ts';
import { explainRun } from '../explain.ts';
import { jsonValue, memberName } from '../../query/value-names.ts';
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

interface EventRef {
  readonly enumName: string;
  readonly name: string;
  readonly value: bigint;
  readonly doc?: string;
  readonly origin: string;
}

/** Events a name, ENUM.NAME or code stands for (events enums first). */
function findEvents(model: Model, arch: MArch, thing: string): EventRef[] {
  const enums = [...model.enums].sort(
    (a, b) => (a.kind === 'events' ? 0 : 1) - (b.kind === 'events' ? 0 : 1),
  );
  const dot = thing.indexOf('.');
  const [enumName, name] =
    dot > 0 ? [thing.slice(0, dot), thing.slice(dot + 1)] : [undefined, thing];
  const guestEnums = arch.host?.guest?.events.map((e) => e.enum) ?? [];
  const out: EventRef[] = [];
  for (const e of enums) {
    if (enumName && e.name !== enumName) continue;
    if (!enumName && NUM.test(thing) && guestEnums.length && !guestEnums.includes(e.name)) continue;
    if (!enumName && NUM.test(thing) && e.kind !== 'events') continue;
    for (const m of e.members) {
      const hit = NUM.test(name)
        ? BigInt(m.value) === BigInt(name)
        : m.name.toLowerCase() === name.toLowerCase();
      if (hit)
        out.push({
          enumName: e.name,
          name: m.name,
          value: BigInt(m.value),
          ...(m.doc ? { doc: m.doc } : {}),
          origin: m.origin,
        });
    }
  }
  return out;
}

/** A line of an explanation and the tables line it comes from. */
interface Sourced {
  readonly text: string;
  readonly source: string;
}

const sourcedLine = (l: Sourced): string => `  ${l.text}  (${l.source})`;

function tablesNaming(model: Model, ev: EventRef): Sourced[] {
  const lines: Sourced[] = [];
  const owner = new Map(
    model.pmus.flatMap((p) =>
      p.props.flatMap((x) => ('table' in x ? [[x.table, `${p.name}.${x.name}`] as const] : [])),
    ),
  );
  for (const t of model.tables) {
    if (t.name.includes('#')) continue;
    const title = owner.get(t.name) ?? t.name;
    for (const e of t.entries) {
      const keyHit = t.keyType === ev.enumName && BigInt(e.key) === ev.value;
      const valueHit = t.valueType === ev.enumName && BigInt(e.value) === ev.value;
      if (!keyHit && !valueHit) continue;
      const k = memberName(model, t.keyType, BigInt(e.key)) ?? e.key;
      const v = memberName(model, t.valueType, BigInt(e.value)) ?? e.value;
      lines.push({ text: `${title}: ${k} -> ${v}${e.doc ? ` "${e.doc}"` : ''}`, source: e.origin });
    }
  }
  for (const p of model.pmus) {
    for (const c of p.counters) {
      if (
        c.fixed?.op === 'const' &&
        c.fixed.enum === ev.enumName &&
        BigInt(c.fixed.value) === ev.value
      ) {
        const idx = c.lo === c.hi ? `${c.lo}` : `${c.lo}..${c.hi}`;
        lines.push({
          text: `pmu ${p.name} counter ${idx} counts it, fixed${c.via ? ` (via ${c.via})` : ''}${c.gate ? ` when ${printExpr(model, c.gate)}` : ''}`,
          source: c.origin,
        });
      }
    }
  }
  return lines;
}

/** Each `over` command whose first output is of the event's type: which members map to it. */
function mappedFrom(model: Model, t: Tables, arch: MArch, ev: EventRef): Sourced[] {
  const lines: Sourced[] = [];
  for (const c of arch.commands) {
    const iface = model.interfaces.find((i) => i.name === c.interface);
    const first = iface?.outputs[0];
    if (!c.over || !iface || first?.type !== ev.enumName) continue;
    const overType = iface.inputs.find((i) => i.name === c.over)?.type ?? '';
    const ids = membersOfType(model, overType);
    for (const consumer of consumersOf(t, c.interface)) {
      for (const id of ids) {
        const r = runConsumer(t, consumer, { [c.over]: BigInt(id.value) }, c.interface);
        if (r.outputs[first.name] === ev.value && r.outcome?.kind !== 'refused') {
          const origin = r.trace.find((x) => x.step === `output ${first.name}`)?.origin ?? '';
          lines.push({
            text: `${c.name} ${arch.name} --consumer ${consumer}: ${id.name} -> ${ev.name}`,
            source: origin,
          });
        }
      }
    }
  }
  return lines;
}

/** What a guest's programming of a counter with an event becomes, per host pmu and mode. */
interface GuestChains {
  readonly counter: number;
  readonly command: string;
  readonly iface: MInterface;
  readonly runs: { pmu: string; mode: string; full: boolean; result: RunResult }[];
}

function guestChains(
  model: Model,
  t: Tables,
  arch: MArch,
  counter: number,
  event: bigint,
  onlyMode: string | undefined,
): GuestChains | undefined {
  const g = arch.host?.guest;
  if (!g) return undefined;
  const command = arch.commands.find((c) => c.name === g.command);
  const iface = model.interfaces.find((i) => i.name === command?.interface);
  if (!command || !iface) return undefined;
  const modes = arch.modes.filter(
    (m) =>
      guestConsumer(arch, m.name) &&
      model.consumers.some((c) => c.name === m.consumer && c.implements === iface.name),
  );
  const defaultMode = modes.find((m) => m.consumer === command.consumer)?.name ?? modes[0]?.name;
  const pmus = [...new Set(arch.host?.devices.map((d) => d.pmu))];
  const runs: GuestChains['runs'] = [];
  for (const pmu of pmus) {
    for (const m of modes) {
      if (onlyMode ? m.name !== onlyMode : false) continue;
      // No host here: the host's facts explain does not know (the PMU's perf
      // type) are left to the guest command's input defaults.
      const r = runGuest(t, arch, m.name, { pmu, counter, event, explicit: false });
      if (!r) continue;
      const full = onlyMode !== undefined || m.name === defaultMode;
      runs.push({ pmu, mode: m.name, full, result: r });
    }
  }
  return { counter, command: command.name, iface, runs };
}

/** The guest command's inputs bound to host facts explain does not have, at their defaults. */
function hostDefaults(model: Model, arch: MArch, iface: MInterface): string {
  const known = new Set(['pmu', 'counter', 'event', 'explicit']);
  const given = (arch.host?.guest?.given ?? []).filter((b) => !known.has(b.fact));
  const shown = given.flatMap((b) => {
    const input = iface.inputs.find((i) => i.name === b.input);
    return input?.default ? [`${input.name} = ${printExpr(model, input.default)}`] : [];
  });
  return shown.length ? `; no host is read: ${shown.join(', ')}, the input's default` : '';
}

function guestText(model: Model, arch: MArch, g: GuestChains | undefined): string[] {
  if (!g) return [];
  const lines = [
    `a guest programs it on counter ${g.counter} (pmumap ${g.command} ${arch.name}${hostDefaults(model, arch, g.iface)}):`,
  ];
  for (const r of g.runs) {
    lines.push(`  --pmu ${r.pmu} --mode ${r.mode}:`);
    lines.push(...indent(explainRun(model, g.iface, r.result, r.full), '    '));
  }
  return lines;
}

const guestJson = (g: GuestChains | undefined): unknown =>
  g
    ? {
        counter: g.counter,
        command: g.command,
        runs: g.runs.map((r) => ({
          pmu: r.pmu,
          mode: r.mode,
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

interface DecodedField {
  readonly bits: string;
  readonly name: string;
  readonly value: bigint;
  readonly member?: string;
  readonly gate?: string;
  readonly reserved?: string;
  readonly source: string;
}

function decode(model: Model, reg: MRegister, value: bigint): DecodedField[] {
  return reg.fields
    .filter((f) => !f.reserved || extract(value, BigInt(f.lsb), BigInt(f.msb - f.lsb + 1)) !== 0n)
    .map((f) => {
      const v = extract(value, BigInt(f.lsb), BigInt(f.msb - f.lsb + 1));
      const member = f.enum ? memberName(model, f.enum, v) : undefined;
      return {
        bits: f.msb === f.lsb ? `${f.msb}` : `${f.msb}:${f.lsb}`,
        name: f.reserved ?? f.name,
        value: v,
        ...(member ? { member } : {}),
        ...(f.gate ? { gate: printExpr(model, f.gate) } : {}),
        ...(f.reserved ? { reserved: f.reserved } : {}),
        source: f.origin,
      };
    });
}

function fieldText(f: DecodedField): string {
  const note = f.reserved
    ? ` (${f.reserved.toUpperCase()}: should be ${f.reserved === 'res0' ? 0 : 'all ones'})`
    : '';
  return `  ${f.bits.padEnd(6)} ${f.name.padEnd(14)} ${formatValue(f.value)}${f.member ? ` (${f.member})` : ''}${f.gate ? `  [when ${f.gate}]` : ''}${note}  (${f.source})`;
}

const fieldJson = (f: DecodedField): unknown => ({ ...f, value: jsonValue(f.value) });

/**
 * The counter a register value programs: the pmu counter declared `via` it
 * (an indexed register's index, or the one counter a plain register is the
 * `via` of). A plain register that is the `via` of a range of counters
 * does not say which one it programs: `range` names them, no counter is
 * assumed.
 */
function counterOf(
  model: Model,
  arch: MArch,
  reg: MRegister,
  index: number | undefined,
): { counter?: number; range?: string } {
  const pmus = new Set(arch.host?.devices.map((d) => d.pmu));
  for (const p of model.pmus) {
    if (!pmus.has(p.name)) continue;
    for (const c of p.counters) {
      if (c.via !== reg.name) continue;
      if (reg.index) {
        if (index !== undefined && index >= c.lo && index <= c.hi) return { counter: index };
      } else return c.lo === c.hi ? { counter: c.lo } : { range: `${c.lo}..${c.hi}` };
    }
  }
  return {};
}

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
    const fields = decode(model, reg, value);
    const { counter, range } = counterOf(model, arch, reg, index);
    const guest =
      counter === undefined ? undefined : guestChains(model, t, arch, counter, value, mode);
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
          ...(counter === undefined
            ? [
                range
                  ? `${reg.name} programs one of ${arch.name}'s counters ${range}; the value does not say which`
                  : `no ${arch.name} pmu counter is programmed via ${reg.name}`,
              ]
            : guestText(model, arch, guest)),
        ].join('\n') + '\n',
    );
  }

  if (
    NUM.test(thing) &&
    leafRegisters(scope, BigInt(thing)).length > 0 &&
    ['eax', 'ebx', 'ecx', 'edx'].some((r) => single(args, r) !== undefined)
  ) {
    const regs = leafRegisters(scope, BigInt(thing));
    const values = new Map<string, bigint>();
    for (const r of regs) {
      const reg = r.cpuid?.reg ?? '';
      const text = single(args, reg);
      if (text === undefined)
        throw new UsageError(
          `explain ${arch.name} ${thing} needs --${reg} (and --eax, --ebx, --ecx, --edx)`,
        );
      values.set(r.name, number(text, `--${reg}`, 32));
    }
    const hypervisor = args.flags.has('hypervisor');
    const commands: { name: string; iface: MInterface; results: RunResult[] }[] = [];
    for (const c of arch.commands) {
      const iface = model.interfaces.find((i) => i.name === c.interface);
      if (!iface || !iface.inputs.some((i) => values.has(i.type))) continue;
      const inputs = bindInputs(model, iface, values, { hypervisor });
      const missing = iface.inputs.filter(
        (i) => !Object.hasOwn(inputs, i.name) && !i.default && i.type !== 'bool',
      );
      if (missing.length) continue;
      commands.push({
        name: c.name,
        iface,
        results: consumersOf(t, iface.name).map((consumer) =>
          runConsumer(t, consumer, inputs, iface.name),
        ),
      });
    }
    return print(
      {
        kind: 'cpuid',
        leaf: thing,
        registers: regs.map((r) => ({
          name: r.name,
          value: jsonValue(values.get(r.name) ?? 0n),
          source: r.origin,
          fields: decode(model, r, values.get(r.name) ?? 0n).map(fieldJson),
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
            ...decode(model, r, values.get(r.name) ?? 0n).map(fieldText),
          );
        for (const c of commands) {
          out.push('', `pmumap ${c.name} ${arch.name} (${c.iface.name}):`);
          for (const r of c.results) out.push(...indent(explainRun(model, c.iface, r, true), '  '));
        }
        return out.join('\n') + '\n';
      },
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
