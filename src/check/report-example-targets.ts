/**
 * An example's expectations must name consumers of its interface (PM4004)
 * and outputs the interface declares (PM2307); outcome expectations need an
 * interface with an outcome (PM2305).
 */
import type { CheckContext } from './context.ts';
import { oneOf } from './context.ts';

export function reportExampleTargets(ctx: CheckContext): void {
  for (const example of ctx.symbols.examples) {
    const iface = ctx.symbols.globals.get(example.on.name);
    if (iface?.kind !== 'interface') continue;
    const implementers = [...ctx.symbols.consumers.values()]
      .filter((c) => c.implements.name === iface.name.name)
      .map((c) => c.name.name);
    const outputs = iface.items.filter((i) => i.kind === 'output').map((i) => i.name?.name ?? '');
    const hasOutcome = iface.items.some((i) => i.kind === 'outcome');
    for (const expect of example.expects) {
      if (expect.consumer && !implementers.includes(expect.consumer.name)) {
        ctx.bag.report('ExampleUnknownConsumer', expect.consumer.span, [
          expect.consumer.name,
          iface.name.name,
          oneOf(implementers),
        ]);
      }
      for (const item of expect.items) {
        if (item.kind === 'output' && !outputs.includes(item.name.name)) {
          ctx.bag.report('NotAnOutput', item.name.span, [
            item.name.name,
            iface.name.name,
            oneOf(outputs),
          ]);
        } else if (item.kind !== 'output' && !hasOutcome) {
          ctx.bag.report('UnexpectedOutcome', item.span, [
            iface.name.name,
            expect.consumer?.name ?? 'every consumer',
          ]);
        }
      }
    }
  }
}
