/**
 * A whole-CPU command (`command NAME { ... }` in an arch block) names
 * everything the command runs, and each name must hold: the vendor string
 * sits in cpuid registers (PM2372); `encode` and `identify` name an
 * interface and one of its consumers (PM2004, PM4004; PM2370 when absent);
 * the identify interface has an enum output, and each `for` value is one of
 * its members (PM2373, PM2374); `given` binds an input some slot takes to
 * an identify output or a constant (PM2375); every slot is perf, generic or
 * guest, names an interface and consumer, and `over` exactly on generic
 * (PM2371, PM2376); the slot inputs that become the command's options
 * (src/query/cpu/slot-inputs.ts) have one type per name and no name another
 * option has (PM2475, PM2476).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

/** The slots a whole-CPU command prints (src/query/cpu/cpu-answer.ts reads them by these names). */
export const CPU_SLOTS = ['perf', 'generic', 'guest'] as const;

export function reportCpuCommands(ctx: CheckContext): void {
  const { globals, consumers } = ctx.symbols;
  const cpuidRegisters = new Set(
    declsOf(ctx.files, 'cpuid').flatMap((d) => d.registers.map((r) => r.name.name)),
  );
  const interfaceOf = (name: A.Ident): A.InterfaceDecl | undefined => {
    const d = globals.get(name.name);
    if (d?.kind === 'interface') return d;
    const names = [...globals.values()]
      .filter((g) => g.kind === 'interface')
      .map((g) => g.name.name);
    ctx.bag.report('UndefinedName', name.span, [name.name, `an interface: ${oneOf(names)}`]);
    return undefined;
  };
  const checkConsumer = (iface: A.InterfaceDecl, consumer: A.Ident): void => {
    const implementers = [...consumers.values()].filter(
      (c) => c.implements.name === iface.name.name,
    );
    if (!implementers.some((c) => c.name.name === consumer.name))
      ctx.bag.report('ExampleUnknownConsumer', consumer.span, [
        consumer.name,
        iface.name.name,
        oneOf(implementers.map((c) => c.name.name)),
      ]);
  };
  const items = (iface: A.InterfaceDecl | undefined, kind: 'input' | 'output') =>
    (iface?.items ?? []).filter((i) => i.kind === kind && i.name);

  for (const arch of declsOf(ctx.files, 'arch')) {
    for (const cmd of arch.cpuCommands ?? []) {
      if (cmd.vendorString.length === 0)
        ctx.bag.report('CpuCommandMissing', cmd.name.span, [cmd.name.name, 'vendor registers']);
      for (const reg of cmd.vendorString)
        if (!cpuidRegisters.has(reg.name))
          ctx.bag.report('CpuCommandVendorRegister', reg.span, [reg.name]);
      if (!cmd.encode)
        ctx.bag.report('CpuCommandMissing', cmd.name.span, [
          cmd.name.name,
          '`encode INTERFACE default CONSUMER`',
        ]);
      if (!cmd.identify)
        ctx.bag.report('CpuCommandMissing', cmd.name.span, [
          cmd.name.name,
          '`identify INTERFACE default CONSUMER`',
        ]);
      const encode = cmd.encode && interfaceOf(cmd.encode.iface);
      if (encode && cmd.encode) checkConsumer(encode, cmd.encode.consumer);
      const identify = cmd.identify && interfaceOf(cmd.identify.iface);
      if (identify && cmd.identify) checkConsumer(identify, cmd.identify.consumer);
      const outputs = items(identify, 'output');
      const dispatch = outputs.find((o) => globals.get(o.type?.name ?? '')?.kind === 'enum');
      if (identify && !dispatch)
        ctx.bag.report('CpuCommandNoDispatch', identify.name.span, [identify.name.name]);
      const dispatchEnum = globals.get(dispatch?.type?.name ?? '');

      const exposed: ExposedInput[] = [];
      for (const block of cmd.vendors) {
        for (const m of block.match) {
          const ok =
            m.kind === 'member' &&
            m.object.kind === 'name' &&
            dispatchEnum?.kind === 'enum' &&
            m.object.name === dispatchEnum.name.name &&
            dispatchEnum.members.some((x) => x.name.name === m.name.name);
          if (!ok && dispatchEnum?.kind === 'enum')
            ctx.bag.report('CpuCommandMatch', m.span, [
              dispatchEnum.name.name,
              dispatch?.name?.name ?? '',
              oneOf(dispatchEnum.members.map((x) => `${dispatchEnum.name.name}.${x.name.name}`)),
            ]);
        }
        const slotIfaces: A.InterfaceDecl[] = [];
        for (const slot of block.slots) {
          if (!(CPU_SLOTS as readonly string[]).includes(slot.slot.name)) {
            ctx.bag.report('CpuCommandSlot', slot.slot.span, [slot.slot.name, oneOf(CPU_SLOTS)]);
            continue;
          }
          const iface = interfaceOf(slot.iface);
          if (!iface) continue;
          slotIfaces.push(iface);
          if (slot.consumer) checkConsumer(iface, slot.consumer);
          else if (slot.slot.name !== 'guest')
            ctx.bag.report('CpuCommandOverSlot', slot.slot.span, [
              slot.slot.name,
              'needs `default CONSUMER` (only a guest slot runs every consumer)',
            ]);
          if ((slot.slot.name === 'generic') !== (slot.over !== undefined))
            ctx.bag.report('CpuCommandOverSlot', slot.slot.span, [
              slot.slot.name,
              slot.over
                ? 'takes no `over` (only the generic slot runs once per member)'
                : 'needs `over INPUT` (the generic event input)',
            ]);
          if (slot.over && !items(iface, 'input').some((i) => i.name?.name === slot.over?.name))
            ctx.bag.report('UnknownMember', slot.over.span, [
              iface.name.name,
              slot.over.name,
              oneOf(items(iface, 'input').map((i) => i.name?.name ?? '')),
            ]);
        }
        exposed.push(...slotInputsOf(block, cpuidRegisters, globals));
        for (const g of block.given) {
          const from = g.value.kind === 'name' ? g.value.name : undefined;
          const takes = slotIfaces.some((i) =>
            items(i, 'input').some((x) => x.name?.name === g.name.name),
          );
          if (!takes)
            ctx.bag.report('CpuCommandGiven', g.name.span, [
              g.name.name,
              'an input no slot of this block takes',
            ]);
          if (from !== undefined && !outputs.some((o) => o.name?.name === from))
            ctx.bag.report('CpuCommandGiven', g.value.span, [
              g.name.name,
              `'${from}', which is no output of the identify interface (${oneOf(outputs.map((o) => o.name?.name ?? ''))})`,
            ]);
          else if (!['name', 'num', 'bool', 'member'].includes(g.value.kind))
            ctx.bag.report('CpuCommandGiven', g.value.span, [
              g.name.name,
              'an expression; write an identify output name or a constant',
            ]);
        }
      }
      reportSlotInputOptions(ctx, cmd.name.name, encode, exposed);
    }
  }
}

/** A slot input the command exposes as an option: it has a default and no register or `given` binds it. */
interface ExposedInput {
  readonly iface: string;
  readonly item: A.InterfaceItem;
}

/** The options of a whole-CPU command that are not slot inputs (cpu-command.ts optionSpec). */
const FIXED_OPTIONS = ['dump', 'vendor', 'leaf', 'kernel', 'json', 'no-cache', 'help'];

function slotInputsOf(
  block: A.ArchCpuCommand['vendors'][number],
  cpuidRegisters: ReadonlySet<string>,
  globals: CheckContext['symbols']['globals'],
): ExposedInput[] {
  const out: ExposedInput[] = [];
  for (const slot of block.slots) {
    const iface = globals.get(slot.iface.name);
    if (iface?.kind !== 'interface') continue;
    for (const item of iface.items) {
      const name = item.name?.name;
      if (item.kind !== 'input' || !name || !item.default) continue;
      if (cpuidRegisters.has(item.type?.name ?? '') || name === slot.over?.name) continue;
      if (block.given.some((g) => g.name.name === name)) continue;
      out.push({ iface: iface.name.name, item });
    }
  }
  return out;
}

function reportSlotInputOptions(
  ctx: CheckContext,
  command: string,
  encode: A.InterfaceDecl | undefined,
  exposed: readonly ExposedInput[],
): void {
  const encodeOptions = new Map<string, string>();
  for (const i of encode?.items ?? [])
    if (i.kind === 'input' && i.name)
      encodeOptions.set((i.role?.name ?? i.name.name).replace(/_/g, '-'), i.name.name);
  const first = new Map<string, ExposedInput>();
  const seen = new Set<string>();
  for (const e of exposed) {
    const name = e.item.name!.name;
    if (seen.has(`${e.iface}.${name}`)) continue;
    seen.add(`${e.iface}.${name}`);
    const option = name.replace(/_/g, '-');
    const clash = FIXED_OPTIONS.includes(option)
      ? 'the command itself takes'
      : encodeOptions.has(option)
        ? `encode input '${encodeOptions.get(option)}' already is`
        : undefined;
    if (clash) {
      ctx.bag.report('CpuCommandSlotInputOption', e.item.name!.span, [
        name,
        e.iface,
        option,
        command,
        clash,
      ]);
      continue;
    }
    const before = first.get(name);
    if (!before) first.set(name, e);
    else if (before.item.type?.name !== e.item.type?.name)
      ctx.bag.report('CpuCommandSlotInputType', e.item.name!.span, [
        name,
        e.item.type?.name ?? '?',
        e.iface,
        before.item.type?.name ?? '?',
        before.iface,
        option,
        command,
      ]);
  }
}
