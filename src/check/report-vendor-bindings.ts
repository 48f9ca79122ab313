/**
 * An arch block's `vendor PMU "glob" = COMMAND given ...` items: the pmu
 * exists, the command is one of the arch's commands, and each
 * binding names an input of its interface and gives it a core fact
 * (src/vendor/core-facts.ts) or a number (PM2312 otherwise).
 */
import type * as A from '../syntax/ast.ts';
import { coreFacts } from '../vendor/core-facts.ts';
import type { CheckContext } from './context.ts';
import { declsOf, oneOf } from './context.ts';

export function reportVendorBindings(ctx: CheckContext): void {
  for (const arch of declsOf(ctx.files, 'arch')) {
    for (const v of arch.vendor) {
      if (ctx.symbols.globals.get(v.pmu.name)?.kind !== 'pmu') {
        const pmus = [...ctx.symbols.globals.values()].filter((d) => d.kind === 'pmu');
        ctx.bag.report('UndefinedName', v.pmu.span, [
          v.pmu.name,
          `a pmu: ${oneOf(pmus.map((d) => d.name.name))}`,
        ]);
      }
      const command = arch.commands.find((c) => c.name.name === v.command.name);
      if (!command) {
        ctx.bag.report('UndefinedName', v.command.span, [
          v.command.name,
          `a command of '${arch.name.name}': ${oneOf(arch.commands.map((c) => c.name.name))}`,
        ]);
        continue;
      }
      const iface = ctx.symbols.globals.get(command.iface.name);
      if (iface?.kind !== 'interface') continue;
      const inputs = iface.items.filter((i) => i.kind === 'input');
      for (const b of v.given) {
        if (!inputs.some((i) => i.name?.name === b.name.name)) {
          ctx.bag.report('ExampleUnknownInput', b.name.span, [
            b.name.name,
            iface.name.name,
            oneOf(inputs.map((i) => i.name?.name ?? '')),
          ]);
        } else if (!bindable(b.value)) {
          ctx.bag.report('HostBinding', b.value.span, [
            b.name.name,
            `a vendor item binds an input to a number, a core fact (${oneOf(Object.keys(coreFacts))}) or number | fact`,
          ]);
        }
      }
    }
  }
}

/** A number, a core fact, or a number | a fact. */
function bindable(e: A.Expr): boolean {
  const fact = (x: A.Expr) => x.kind === 'name' && Object.hasOwn(coreFacts, x.name);
  if (e.kind === 'num' || fact(e)) return true;
  return (
    e.kind === 'binary' &&
    e.op === '|' &&
    ((e.left.kind === 'num' && fact(e.right)) || (fact(e.left) && e.right.kind === 'num'))
  );
}
