/**
 * `identity CPU.SLOT [vendor "..."]` on an arch command (H5, issue 17):
 * given a CPU's identity, the command's question is answered by the slot
 * SLOT of the whole-CPU command CPU (e.g. `generic x86` by `cpu x86`'s
 * generic slot, with the model overrides). The command line depends on
 * every name here, so each must hold: CPU is a whole-CPU command of the
 * same arch and some `for` block of it has SLOT (PM2390); the vendor
 * string fits CPU's vendor registers (PM2391); and the slot asks the same
 * question: `over` on both or neither, over inputs of one type, and every
 * other input of the command a cpuid register, so it can be handed to the
 * whole CPU as that register's value (PM2392).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

export function reportCommandIdentity(ctx: CheckContext): void {
  const { globals } = ctx.symbols;
  const cpuidRegisters = new Set(
    declsOf(ctx.files, 'cpuid').flatMap((d) => d.registers.map((r) => r.name.name)),
  );
  const inputsOf = (name: string): A.InterfaceItem[] => {
    const d = globals.get(name);
    return d?.kind === 'interface' ? d.items.filter((i) => i.kind === 'input' && i.name) : [];
  };
  const typeOfInput = (iface: string, input: string | undefined): string | undefined =>
    inputsOf(iface).find((i) => i.name?.name === input)?.type?.name;

  for (const arch of declsOf(ctx.files, 'arch')) {
    for (const cmd of arch.commands) {
      const who = cmd.identity;
      if (!who) continue;
      const cpuCommands = arch.cpuCommands ?? [];
      const target = cpuCommands.find((c) => c.name.name === who.command.name);
      if (!target) {
        ctx.bag.report('CommandIdentityTarget', who.command.span, [
          `${who.command.name}.${who.slot.name}`,
          `'${who.command.name}' is no whole-CPU command of arch '${arch.name.name}' (expected ${oneOf(cpuCommands.map((c) => c.name.name))})`,
        ]);
        continue;
      }
      const slots = target.vendors.flatMap((v) => v.slots);
      const named = slots.filter((s) => s.slot.name === who.slot.name);
      if (named.length === 0) {
        ctx.bag.report('CommandIdentityTarget', who.slot.span, [
          `${who.command.name}.${who.slot.name}`,
          `no \`for\` block of '${who.command.name}' has a slot '${who.slot.name}' (expected ${oneOf(new Set(slots.map((s) => s.slot.name)))})`,
        ]);
        continue;
      }
      const width = target.vendorString.length * 4;
      if (
        who.vendor &&
        (who.vendor.value.length !== width || !/^[\x20-\x7e]*$/.test(who.vendor.value))
      )
        ctx.bag.report('CommandIdentityVendor', who.vendor.span, [
          who.vendor.value,
          who.command.name,
          String(width),
        ]);

      const overType = cmd.over ? typeOfInput(cmd.iface.name, cmd.over.name) : undefined;
      for (const slot of named) {
        const slotOver = slot.over ? typeOfInput(slot.iface.name, slot.over.name) : undefined;
        if ((cmd.over === undefined) !== (slot.over === undefined) || overType !== slotOver)
          ctx.bag.report('CommandIdentityMismatch', who.span, [
            cmd.name.name,
            `${who.command.name}.${who.slot.name} (${slot.iface.name})`,
            cmd.over && slot.over
              ? `it runs once per ${overType ?? '?'}, the slot once per ${slotOver ?? '?'}`
              : cmd.over
                ? `it runs once per ${overType ?? '?'}, the slot once`
                : `the slot runs once per ${slotOver ?? '?'}, the command once`,
          ]);
      }
      for (const input of inputsOf(cmd.iface.name)) {
        if (input.name?.name === cmd.over?.name) continue;
        if (cpuidRegisters.has(input.type?.name ?? '')) continue;
        ctx.bag.report('CommandIdentityMismatch', input.name?.span ?? who.span, [
          cmd.name.name,
          `${who.command.name}.${who.slot.name}`,
          `its input '${input.name?.name ?? ''}' is a ${input.type?.name ?? '?'}, not a cpuid register, so a whole CPU has no place for it`,
        ]);
      }
    }
  }
}
