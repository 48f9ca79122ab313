/**
 * Contracts are declarations (issue 16 item 2): whatever a command or JSON
 * answer reads from the tables is declared there, and held here.
 * - A `role` on an interface input or output is a word of
 *   src/syntax/roles.ts (PM2350), on an item of the type it needs (PM2351),
 *   once per interface (PM2352). Nothing is read by an item's name.
 * - A `host devices` or `host plan` rule's interface has the outputs
 *   `pmumap host` reads, by role (PM2353).
 * - A `host guest` command's interface says where a guest's event is
 *   counted: an input with role counter (the guest names it) or an output
 *   with role counter (the command picks it) (PM2359).
 * - A `host guest` counter names the event the probe programs on it
 *   (PM2354), a constant (PM2355), the one a pmu of the arch fixes that
 *   counter to if it fixes it (PM2358, a warning).
 * - A `default leaf` names a cpuid leaf (PM2004), once per arch (PM2001)
 *   and in one arch only (PM2356).
 * - A `guest keys` item names readers of a guest leaf (PM2357).
 * Runs in a stage of its own, after the host and type checks it relies on.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext, GlobalDecl } from './context.ts';
import { declsOf, oneOf } from './context.ts';
import type { RoleSpec, RoleType } from '../syntax/roles.ts';
import { inputRoles, outputRoles } from '../syntax/roles.ts';
import { hostRoles } from '../host/facts.ts';
import type { Ty } from './types.ts';
import { describe, isInt, resolveType } from './types.ts';
import { inferExpr } from './infer.ts';

export function reportContracts(ctx: CheckContext): void {
  for (const iface of declsOf(ctx.files, 'interface')) reportRoles(ctx, iface);
  for (const arch of declsOf(ctx.files, 'arch')) {
    for (const rule of arch.host) {
      if (rule.item === 'rule') reportHostRoles(ctx, rule);
      if (rule.item === 'guest') {
        reportGuestCounterRole(ctx, arch, rule);
        reportGuestEvents(ctx, rule);
        reportGuestFixedEvents(ctx, arch, rule);
      }
    }
  }
  reportDefaultLeaves(ctx);
  reportGuestKeys(ctx);
}

const roleTypeText: Record<RoleType, string> = {
  any: 'any type',
  integer: 'an integer (uN, an enum or a register)',
  uint: 'an unsigned integer (uN)',
  bool: 'a bool',
  enum: 'an enum',
  plan: 'an enum with a member NONE',
  'cpuid-register': 'a register of a cpuid leaf (Leaf.eax)',
};

function fits(ctx: CheckContext, type: RoleType, ty: Ty): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'integer':
      return isInt(ty);
    case 'uint':
      return ty.k === 'int';
    case 'bool':
      return ty.k === 'bool';
    case 'enum':
      return ty.k === 'enum';
    case 'plan': {
      const decl = ty.k === 'enum' ? ctx.symbols.globals.get(ty.name) : undefined;
      return decl?.kind === 'enum' && decl.members.some((m) => m.name.name === 'NONE');
    }
    case 'cpuid-register':
      return (
        ty.k === 'reg' &&
        declsOf(ctx.files, 'cpuid').some((l) => l.registers.some((r) => r.name.name === ty.name))
      );
  }
}

function reportRoles(ctx: CheckContext, iface: A.InterfaceDecl): void {
  const holders = new Map<string, A.InterfaceItem>();
  for (const item of iface.items) {
    if (item.kind === 'outcome' || !item.name) continue;
    const roles: Readonly<Record<string, RoleSpec>> =
      item.kind === 'output' ? outputRoles : inputRoles;
    const role = item.role;
    if (!role) continue;
    const spec = roles[role.name];
    if (!spec) {
      ctx.bag.report('UnknownRole', role.span, [role.name, item.kind, oneOf(Object.keys(roles))]);
      continue;
    }
    const key = `${item.kind} ${role.name}`;
    const first = holders.get(key);
    if (first?.name && !spec.many) {
      ctx.bag.report('DuplicateRole', role.span, [
        first.name.name,
        item.name.name,
        iface.name.name,
        role.name,
      ]);
    }
    holders.set(key, item);
    const ty = item.type ? resolveType(ctx, item.type, true) : undefined;
    if (ty && ty.k !== 'error' && !fits(ctx, spec.type, ty)) {
      ctx.bag.report('RoleType', item.type?.span ?? item.span, [
        item.kind,
        item.name.name,
        role.name,
        roleTypeText[spec.type],
        spec.doc,
        describe(ty),
      ]);
    }
  }
}

function reportHostRoles(ctx: CheckContext, rule: A.HostRule): void {
  const role = hostRoles[rule.role.name as keyof typeof hostRoles];
  const iface = ctx.symbols.globals.get(rule.iface.name);
  if (!role || iface?.kind !== 'interface') return; // PM2004, PM2312: report-host.ts
  for (const wanted of role.outputs) {
    const declared = iface.items.some((i) => i.kind === 'output' && i.role?.name === wanted);
    if (!declared) {
      ctx.bag.report('HostRoleMissing', rule.iface.span, [
        rule.role.name,
        iface.name.name,
        wanted,
        outputRoles[wanted].doc,
      ]);
    }
  }
}

/** explain says on which counter a guest's event lands: the guest's choice, or the command's. */
function reportGuestCounterRole(ctx: CheckContext, arch: A.ArchDecl, guest: A.HostGuest): void {
  const command = arch.commands.find((c) => c.name.name === guest.command.name);
  const iface = command && ctx.symbols.globals.get(command.iface.name);
  if (iface?.kind !== 'interface') return; // an unknown command or interface: PM2004
  const declared = iface.items.some(
    (i) => (i.kind === 'input' || i.kind === 'output') && i.role?.name === 'counter',
  );
  if (!declared) ctx.bag.report('GuestCounterRole', guest.command.span, [iface.name.name]);
}

function reportGuestEvents(ctx: CheckContext, guest: A.HostGuest): void {
  for (const c of guest.counters) {
    if (!c.event) {
      ctx.bag.report('GuestCounterEvent', c.name.span, [c.name.name, String(c.index.value)]);
      continue;
    }
    const ty = inferExpr({ ctx, locals: new Map(), context: false }, c.event);
    const constant =
      c.event.kind === 'num' ||
      (c.event.kind === 'member' && (ty.k === 'enum' || ty.k === 'perfEvent'));
    if (ty.k !== 'error' && !constant) {
      ctx.bag.report('GuestEventConstant', c.event.span, [c.name.name]);
    }
  }
}

function reportDefaultLeaves(ctx: CheckContext): void {
  let first: A.ArchDecl | undefined;
  for (const arch of declsOf(ctx.files, 'arch')) {
    const leaves = arch.defaultLeaves ?? [];
    leaves
      .slice(1)
      .forEach((l) => ctx.bag.report('DuplicateName', l.span, ['default leaf', arch.name.name]));
    for (const l of leaves.slice(0, 1)) {
      if (ctx.symbols.globals.get(l.leaf.name)?.kind !== 'cpuid') {
        const leaves = declsOf(ctx.files, 'cpuid').map((d) => d.name.name);
        ctx.bag.report('UndefinedName', l.leaf.span, [
          l.leaf.name,
          `a cpuid leaf: ${oneOf(leaves)}`,
        ]);
      }
      if (first && first.name.name !== arch.name.name) {
        ctx.bag.report('DefaultLeafTwice', l.span, [arch.name.name, first.name.name]);
      }
      first ??= arch;
    }
  }
}

/** A `guest keys` item names readers of a guest leaf (outputs with role guest), each key once. */
function reportGuestKeys(ctx: CheckContext): void {
  const guestInterfaces = new Set(
    declsOf(ctx.files, 'interface')
      .filter((i) => i.items.some((x) => x.kind === 'output' && x.role?.name === 'guest'))
      .map((i) => i.name.name),
  );
  const readers = [...ctx.symbols.consumers.values()]
    .filter((c) => guestInterfaces.has(c.implements.name))
    .map((c) => c.name.name);
  for (const arch of declsOf(ctx.files, 'arch')) {
    const keys = new Set<string>();
    for (const k of arch.guestKeys ?? []) {
      if (keys.has(k.key.name))
        ctx.bag.report('DuplicateName', k.key.span, ['guest key', k.key.name]);
      keys.add(k.key.name);
      if (!readers.includes(k.consumer.name)) {
        ctx.bag.report('GuestKeyConsumer', k.consumer.span, [k.consumer.name, oneOf(readers)]);
      }
    }
  }
}

/** A constant event: a number or an enum member (what PM2355 allows). */
function eventValue(ctx: CheckContext, e: A.Expr): bigint | undefined {
  if (e.kind === 'num') return e.value;
  if (e.kind !== 'member' || e.object.kind !== 'name') return undefined;
  const decl = ctx.symbols.globals.get(e.object.name);
  if (decl?.kind !== 'enum') return undefined;
  return decl.members.find((m) => m.name.name === e.name.name)?.value.value;
}

/** The pmu's counters after inheritance: a child's counter list replaces its parent's. */
function countersOf(ctx: CheckContext, pmu: A.PmuDecl): readonly A.CounterDecl[] {
  const seen = new Set<string>();
  for (let p: A.PmuDecl | undefined = pmu; p && !seen.has(p.name.name);) {
    seen.add(p.name.name);
    const own = p.items.filter((i): i is A.CounterDecl => i.kind === 'counter');
    if (own.length > 0) return own;
    const parent: GlobalDecl | undefined = p.parent
      ? ctx.symbols.globals.get(p.parent.name)
      : undefined;
    p = parent?.kind === 'pmu' ? parent : undefined;
  }
  return [];
}

/**
 * A guest counter the probe runs with one event, on a counter a pmu of the
 * arch fixes to another: one of the two declarations is wrong.
 */
function reportGuestFixedEvents(ctx: CheckContext, arch: A.ArchDecl, guest: A.HostGuest): void {
  const pmus = new Set(arch.host.flatMap((i) => (i.item === 'device' ? [i.pmu.name] : [])));
  for (const c of guest.counters) {
    const event = c.event && eventValue(ctx, c.event);
    if (event === undefined) continue;
    for (const name of pmus) {
      const pmu = ctx.symbols.globals.get(name);
      if (pmu?.kind !== 'pmu') continue;
      const index = c.index.value;
      const counter = countersOf(ctx, pmu).find(
        (k) => k.fixed && k.lo.value <= index && index <= k.hi.value,
      );
      const fixed = counter?.fixed && eventValue(ctx, counter.fixed);
      if (fixed === undefined || fixed === event) continue;
      ctx.bag.report('GuestEventNotFixed', c.event?.span ?? c.name.span, [
        c.name.name,
        String(index),
        `0x${event.toString(16)}`,
        name,
        `0x${fixed.toString(16)}`,
      ]);
    }
  }
}
