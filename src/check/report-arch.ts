/**
 * An arch block binds command-line questions to interfaces: each command
 * names an interface and a default consumer implementing it (PM2004,
 * PM4004), `over` names an input of that interface whose type has members
 * (PM2005), and each mode names a consumer of one of the arch's commands.
 */
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

export function reportArch(ctx: CheckContext): void {
  const { globals, consumers } = ctx.symbols;
  for (const arch of declsOf(ctx.files, 'arch')) {
    const ifaces: string[] = [];
    for (const cmd of arch.commands) {
      const iface = globals.get(cmd.iface.name);
      if (iface?.kind !== 'interface') {
        const names = [...globals.values()]
          .filter((d) => d.kind === 'interface')
          .map((d) => d.name.name);
        ctx.bag.report('UndefinedName', cmd.iface.span, [
          cmd.iface.name,
          `an interface: ${oneOf(names)}`,
        ]);
        continue;
      }
      ifaces.push(iface.name.name);
      const implementers = [...consumers.values()].filter(
        (c) => c.implements.name === iface.name.name,
      );
      if (!implementers.some((c) => c.name.name === cmd.consumer.name)) {
        ctx.bag.report('ExampleUnknownConsumer', cmd.consumer.span, [
          cmd.consumer.name,
          iface.name.name,
          oneOf(implementers.map((c) => c.name.name)),
        ]);
      }
      if (cmd.over) {
        const input = iface.items.find(
          (i) => i.kind === 'input' && i.name?.name === cmd.over?.name,
        );
        if (!input) {
          const inputs = iface.items
            .filter((i) => i.kind === 'input')
            .map((i) => i.name?.name ?? '');
          ctx.bag.report('UnknownMember', cmd.over.span, [
            iface.name.name,
            cmd.over.name,
            oneOf(inputs),
          ]);
        }
      }
    }
    for (const mode of arch.modes) {
      const consumer = [...consumers.values()].find(
        (c) => c.name.name === mode.consumer.name && ifaces.includes(c.implements.name),
      );
      if (!consumer) {
        const names = [...consumers.values()]
          .filter((c) => ifaces.includes(c.implements.name))
          .map((c) => c.name.name);
        ctx.bag.report('UndefinedName', mode.consumer.span, [
          mode.consumer.name,
          `a consumer of a command of '${arch.name.name}': ${oneOf(names)}`,
        ]);
      }
    }
  }
}
