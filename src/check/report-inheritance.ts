/**
 * `extends` must name a declaration of the same kind and must not loop
 * (PM2301). A consumer implements the same interface as its parent (PM2306).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { oneOf } from './context.ts';
import { consumerKey, parentOf } from './flatten-consumer.ts';

interface Node {
  readonly name: A.Ident;
  readonly parent?: A.Ident;
}

function reportCycles<T extends Node>(
  ctx: CheckContext,
  what: string,
  lookup: (from: T, name: string) => T | undefined,
  all: readonly T[],
): void {
  const reported = new Set<string>();
  for (const start of all) {
    const chain = [start.name.name];
    let current: T | undefined = start;
    while (current?.parent) {
      const next = current.parent.name;
      if (next === start.name.name) {
        if (!chain.some((n) => reported.has(n))) {
          ctx.bag.report('CyclicInheritance', start.name.span, [
            what,
            start.name.name,
            [...chain, next].join(' -> '),
          ]);
          chain.forEach((n) => reported.add(n));
        }
        break;
      }
      if (chain.includes(next)) break; // a loop further up, reported from its own start
      chain.push(next);
      current = lookup(current, next);
    }
  }
}

export function reportInheritance(ctx: CheckContext): void {
  const { globals, consumers } = ctx.symbols;
  const pmus: A.PmuDecl[] = [];
  for (const d of globals.values()) if (d.kind === 'pmu') pmus.push(d);
  const pmuNames = pmus.map((p) => p.name.name);
  for (const pmu of pmus) {
    if (pmu.parent && globals.get(pmu.parent.name)?.kind !== 'pmu') {
      ctx.bag.report('UndefinedName', pmu.parent.span, [
        pmu.parent.name,
        `a pmu: ${oneOf(pmuNames)}`,
      ]);
    }
  }
  reportCycles(
    ctx,
    'pmu',
    (_from, n) => {
      const d = globals.get(n);
      return d?.kind === 'pmu' ? d : undefined;
    },
    pmus,
  );

  const all = [...consumers.values()];
  for (const c of all) {
    const iface = globals.get(c.implements.name);
    if (iface?.kind !== 'interface') {
      const names = [...globals.values()].filter((d) => d.kind === 'interface');
      ctx.bag.report('UndefinedName', c.implements.span, [
        c.implements.name,
        `an interface: ${oneOf(names.map((d) => d.name.name))}`,
      ]);
    }
    if (!c.parent) continue;
    const parent = parentOf(c, consumers);
    const elsewhere = all.find((x) => x.name.name === c.parent?.name);
    if (!parent && elsewhere) {
      ctx.bag.report('InterfaceMismatch', c.parent.span, [
        c.name.name,
        c.implements.name,
        elsewhere.name.name,
        elsewhere.implements.name,
      ]);
    } else if (!parent) {
      const names = all
        .filter((x) => x.implements.name === c.implements.name)
        .map((x) => x.name.name);
      ctx.bag.report('UndefinedName', c.parent.span, [
        c.parent.name,
        `a consumer of '${c.implements.name}': ${oneOf(names)}`,
      ]);
    }
  }
  reportCycles(
    ctx,
    'consumer',
    (from, n) => consumers.get(consumerKey(from.implements.name, n)),
    all,
  );
}
