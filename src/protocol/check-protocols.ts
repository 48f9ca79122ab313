/**
 * Protocols and their machines (issue 20): names, types, errnos, calls and
 * state (PM2400-PM2422, src/protocol/compile-protocols.ts), then for each
 * machine a search of the states its calls reach: a call no step decides in
 * some reachable state is an error with the shortest sequence there
 * (PM2410), a step that decides no call in any reachable state a warning
 * (PM2411). compile.ts runs it after the checker's passes found no error.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { CheckContext } from '../check/context.ts';
import { declsOf } from '../check/context.ts';
import { compileProtocols } from './compile-protocols.ts';
import { exploreSpace } from './explore-space.ts';
import { enumNames, formatInvocation } from './invocation-text.ts';
import { reachability } from './reachable.ts';

/** This pass's origins carry the whole span, so findings can point at a step. */
const encode = (s: Span): string => JSON.stringify([s.file, s.start, s.end]);
const decode = (origin: string): Span => {
  const [file, start, end] = JSON.parse(origin) as [string, number, number];
  return { file, start, end };
};

export function reportProtocols(ctx: CheckContext): void {
  const { bag } = ctx;
  const before = bag.items.length;
  const compiled = compileProtocols({
    files: ctx.files,
    report: (id, span, args, related) => bag.report(id, span, args, related),
    origin: encode,
  });
  if (bag.items.slice(before).some((d) => d.severity === 'error')) return;
  const enums = declsOf(ctx.files, 'enum');
  const names = enumNames(
    enums.map((e) => ({
      name: e.name.name,
      members: e.members.map((m) => ({ name: m.name.name, value: m.value.value })),
    })),
  );
  const values = new Map(
    enums.map((e) => [e.name.name, e.members.map((m) => `0x${m.value.value.toString(16)}`)]),
  );
  // A step inherited by several machines is reported once, at its line.
  const dead = new Map<string, { label: string; machines: string[] }>();
  for (const proto of compiled.protocols) {
    const space = exploreSpace(proto, values);
    for (const machine of compiled.machines.filter((m) => m.protocol === proto.name)) {
      const r = reachability(proto, machine, space);
      const text = (path: readonly Parameters<typeof formatInvocation>[0][]) =>
        path.length === 0 ? 'no call' : path.map((i) => formatInvocation(i, names)).join('; ');
      if (r.undecided) {
        bag.report('ProtocolNoRule', decode(machine.origin), [
          machine.name,
          formatInvocation(r.undecided.call, names),
          text(r.undecided.path),
          r.undecided.call.call.name,
        ]);
        continue;
      }
      if (!r.complete) continue;
      machine.steps.forEach((st, i) => {
        if (st.kind !== 'rule' || r.decided.has(i)) return;
        const label = st.label ? `'${st.label}'` : `'on ${st.call ?? '...'} =>'`;
        const entry = dead.get(st.origin) ?? { label, machines: [] };
        entry.machines.push(machine.name);
        dead.set(st.origin, entry);
      });
    }
    for (const [origin, { label, machines }] of dead) {
      bag.report('ProtocolUnreachable', decode(origin), [
        machines.join("', '"),
        label,
        `${proto.explore ? 'the explore block' : 'the default explore space'}'s calls`,
      ]);
    }
    dead.clear();
  }
}
