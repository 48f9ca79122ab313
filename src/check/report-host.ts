/**
 * An arch block's `host` items tie `pmumap host` to the tables: device
 * globs name pmu implementations (PM2004), the cpu item names an enum,
 * the `devices` and `plan` rules name interfaces whose inputs are facts
 * the sysfs reader provides and whose outputs it needs (PM2312), and the
 * guest block runs one of the arch's commands in its modes with reader
 * facts bound to that command's inputs (PM4002, PM2312).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { oneOf } from './context.ts';
import { declsOf } from './context.ts';
import type { FactKind } from '../host/facts.ts';
import { guestCounters, guestFacts, hostRoles } from '../host/facts.ts';
import type { ClaimItem } from '../host/device-claim.ts';
import { deviceAttributeDirs, itemsOverlap } from '../host/device-claim.ts';

export function reportHost(ctx: CheckContext): void {
  for (const arch of declsOf(ctx.files, 'arch')) {
    const seen = new Map<string, A.HostItem>();
    for (const item of arch.host) {
      const key = item.item === 'rule' ? item.role.name : item.item;
      if (item.item !== 'device' && item.item !== 'marker' && seen.has(key)) {
        ctx.bag.report('DuplicateName', item.span, [`host ${key}`, arch.name.name]);
      }
      seen.set(key, item);
      if (item.item === 'device' || item.item === 'marker') {
        if (item.item === 'device') expectGlobal(ctx, item.pmu, 'pmu', 'a pmu');
        const dir = item.when?.dir;
        if (dir && !(deviceAttributeDirs as readonly string[]).includes(dir.name)) {
          ctx.bag.report('UnknownMember', dir.span, [
            'a device',
            dir.name,
            oneOf(deviceAttributeDirs),
          ]);
        }
      } else if (item.item === 'cpu') expectGlobal(ctx, item.enumName, 'enum', 'an enum');
      else if (item.item === 'rule') reportRule(ctx, item);
    }
    const guest = arch.host.find((i): i is A.HostGuest => i.item === 'guest');
    const plan = arch.host.find(
      (i): i is A.HostRule => i.item === 'rule' && i.role.name === 'plan',
    );
    if (guest) reportGuest(ctx, arch, guest, plan);
  }
  reportOverlappingDevices(ctx);
}

type ClaimingItem = A.HostDevice | A.HostMarker;

const claimItem = (d: ClaimingItem): ClaimItem => ({
  pattern: d.pattern.value,
  ...(d.when
    ? { when: { dir: d.when.dir.name, name: d.when.name.name, glob: d.when.glob.value } }
    : {}),
});

/** "host device 'cpu'", "host marker 'msr'": an item as the messages name it. */
const itemName = (d: ClaimingItem): string => `host ${d.item} '${d.pattern.value}'`;

/**
 * Recognition is declared, never first-wins: two archs whose `host device`
 * or `host marker` items could claim one device (both register "cpu") must
 * tell it apart with a `when` on the same attribute file. Reported once
 * per pair, at the later arch's item. A marker is never a core PMU, so one
 * that could name a device its own arch's `host device` claims is PM2490.
 */
function reportOverlappingDevices(ctx: CheckContext): void {
  const archs = declsOf(ctx.files, 'arch').map((arch) => ({
    arch,
    items: arch.host.filter((i): i is ClaimingItem => i.item === 'device' || i.item === 'marker'),
  }));
  archs.forEach((later, i) => {
    for (const earlier of archs.slice(0, i)) {
      if (earlier.arch.name.name === later.arch.name.name) continue;
      for (const b of later.items) {
        const a = earlier.items.find((d) => itemsOverlap(claimItem(d), claimItem(b)));
        if (!a) continue;
        ctx.bag.report('ArchDevicesOverlap', b.pattern.span, [
          itemName(b),
          later.arch.name.name,
          itemName(a),
          earlier.arch.name.name,
        ]);
      }
    }
  });
  for (const { arch, items } of archs) {
    const devices = items.filter((d) => d.item === 'device');
    for (const marker of items.filter((d) => d.item === 'marker')) {
      const device = devices.find((d) => itemsOverlap(claimItem(d), claimItem(marker)));
      if (!device) continue;
      ctx.bag.report('MarkerIsCoreDevice', marker.pattern.span, [
        marker.pattern.value,
        arch.name.name,
        device.pattern.value,
      ]);
    }
  }
}

function expectGlobal(
  ctx: CheckContext,
  name: A.Ident,
  kind: 'pmu' | 'enum' | 'interface',
  what: string,
): A.Decl | undefined {
  const decl = ctx.symbols.globals.get(name.name);
  if (decl?.kind === kind) return decl;
  const names = [...ctx.symbols.globals.values()]
    .filter((d) => d.kind === kind)
    .map((d) => d.name.name);
  ctx.bag.report('UndefinedName', name.span, [name.name, `${what}: ${oneOf(names)}`]);
  return undefined;
}

function inputKind(ctx: CheckContext, type: A.TypeRef | undefined): FactKind | undefined {
  if (!type) return undefined;
  if (type.name === 'bool') return 'bool';
  if (/^u\d+$/.test(type.name)) return 'int';
  return ctx.symbols.globals.get(type.name)?.kind === 'pmu' ? 'pmu' : undefined;
}

function reportRule(ctx: CheckContext, rule: A.HostRule): void {
  const role = hostRoles[rule.role.name as keyof typeof hostRoles];
  if (!role) {
    ctx.bag.report('UnknownMember', rule.role.span, [
      'host',
      rule.role.name,
      oneOf(Object.keys(hostRoles)),
    ]);
    return;
  }
  const iface = expectGlobal(ctx, rule.iface, 'interface', 'an interface');
  if (iface?.kind !== 'interface') return;
  const implementers = [...ctx.symbols.consumers.values()].filter(
    (c) => c.implements.name === iface.name.name,
  );
  if (!implementers.some((c) => c.name.name === rule.consumer.name)) {
    ctx.bag.report('ExampleUnknownConsumer', rule.consumer.span, [
      rule.consumer.name,
      iface.name.name,
      oneOf(implementers.map((c) => c.name.name)),
    ]);
  }
  const facts: Record<string, FactKind> = role.facts;
  for (const input of iface.items.filter((i) => i.kind === 'input')) {
    const name = input.name?.name ?? '';
    const kind = facts[name];
    if (!kind) {
      if (input.default) continue;
      ctx.bag.report('HostBinding', input.name?.span ?? input.span, [
        name,
        `the host reader gives the ${rule.role.name} interface only ${oneOf(Object.keys(facts))} (or give the input a default)`,
      ]);
    } else if (inputKind(ctx, input.type) !== kind) {
      ctx.bag.report('HostBinding', input.type?.span ?? input.span, [
        name,
        `the host reader's '${name}' is ${kindText(kind)}`,
      ]);
    }
  }
  // The outputs it must have are roles, checked with the others (report-contracts.ts).
}

function kindText(kind: FactKind): string {
  return kind === 'bool' ? 'a bool' : kind === 'int' ? 'an unsigned integer (uN)' : 'a pmu';
}

function reportGuest(
  ctx: CheckContext,
  arch: A.ArchDecl,
  guest: A.HostGuest,
  plan: A.HostRule | undefined,
): void {
  const command = arch.commands.find((c) => c.name.name === guest.command.name);
  if (!command) {
    ctx.bag.report('UndefinedName', guest.command.span, [
      guest.command.name,
      `a command of '${arch.name.name}': ${oneOf(arch.commands.map((c) => c.name.name))}`,
    ]);
    return;
  }
  const iface = ctx.symbols.globals.get(command.iface.name);
  if (iface?.kind !== 'interface') return;
  const planIface = plan ? ctx.symbols.globals.get(plan.iface.name) : undefined;
  const planOut =
    planIface?.kind === 'interface'
      ? planIface.items.find((i) => i.kind === 'output' && i.role?.name === 'plan')
      : undefined;
  const planEnum = planOut?.type ? ctx.symbols.globals.get(planOut.type.name) : undefined;
  for (const m of guest.modes) {
    if (planEnum?.kind === 'enum' && !planEnum.members.some((x) => x.name.name === m.plan.name)) {
      ctx.bag.report('UnknownMember', m.plan.span, [
        planEnum.name.name,
        m.plan.name,
        oneOf(planEnum.members.map((x) => x.name.name)),
      ]);
    }
    if (!arch.modes.some((x) => x.name.name === m.mode.name)) {
      ctx.bag.report('UndefinedName', m.mode.span, [
        m.mode.name,
        `a mode of '${arch.name.name}': ${oneOf(arch.modes.map((x) => x.name.name))}`,
      ]);
    }
  }
  const inputs = iface.items.filter((i) => i.kind === 'input');
  const facts: Record<string, FactKind> = guestFacts;
  for (const b of guest.given) {
    const input = inputs.find((i) => i.name?.name === b.name.name);
    if (!input) {
      ctx.bag.report('ExampleUnknownInput', b.name.span, [
        b.name.name,
        iface.name.name,
        oneOf(inputs.map((i) => i.name?.name ?? '')),
      ]);
      continue;
    }
    const fact = b.value.kind === 'name' ? facts[b.value.name] : undefined;
    if (!fact) {
      ctx.bag.report('HostBinding', b.value.span, [
        b.name.name,
        `a guest block binds inputs to the host reader's facts: ${oneOf(Object.keys(facts))}`,
      ]);
    } else if (inputKind(ctx, input.type) !== fact && !(fact === 'int' && input.type)) {
      ctx.bag.report('HostBinding', b.value.span, [
        b.name.name,
        `the host reader's fact is ${kindText(fact)}`,
      ]);
    }
  }
  for (const c of guest.counters) {
    if (!(guestCounters as readonly string[]).includes(c.name.name)) {
      ctx.bag.report('UnknownMember', c.name.span, [
        'host guest',
        c.name.name,
        oneOf(guestCounters),
      ]);
    }
  }
  for (const e of guest.events) {
    const decl = ctx.symbols.globals.get(e.enumName.name);
    if (decl?.kind !== 'enum') expectGlobal(ctx, e.enumName, 'enum', 'an event enum');
  }
}
