/**
 * What exploring a protocol tries: the protocol's `explore` block (vCPU
 * count, host records, values of integer parameters), every member of an
 * enum parameter, both values of a bool or flag, and the default (or 0) of
 * any other integer parameter. Enum parameters also get one value outside
 * the enum (a caller may pass any number). Each call is made by every vCPU.
 */
import type { MProtocol, PParam } from '../model/protocol-model.ts';
import type { HostRecords, Invocation, PValue } from '../runtime/protocol-step.ts';
import { parseValue } from '../runtime/protocol-step.ts';

export interface ExploreSpace {
  readonly vcpus: number;
  readonly host: HostRecords;
  readonly invocations: readonly Invocation[];
}

/** Enum members by enum name ("0x.." values). */
export type EnumValues = ReadonlyMap<string, readonly string[]>;

function valuesOf(p: PParam, call: string, proto: MProtocol, enums: EnumValues): PValue[] {
  const listed = proto.explore?.values.find((v) => v.call === call && v.param === p.name);
  if (listed) return listed.values.map(parseValue);
  switch (p.type.kind) {
    case 'bool':
    case 'flag':
      return [false, true];
    case 'enum': {
      // And one value no member has: a caller can pass any number.
      const members = (enums.get(p.type.name) ?? []).map((v) => BigInt(v));
      const outside = members.reduce((a, b) => (b > a ? b : a), -1n) + 1n;
      const fits = p.type.width >= 64 || outside < 1n << BigInt(p.type.width);
      return fits ? [...members, outside] : members;
    }
    case 'int':
      return [p.default !== undefined ? parseValue(p.default) : 0n];
  }
}

export function hostOf(proto: MProtocol): HostRecords {
  const host = new Map<string, PValue[][]>();
  for (const h of proto.explore?.hosts ?? []) {
    const list = host.get(h.record) ?? [];
    list.push(h.values.map(parseValue));
    host.set(h.record, list);
  }
  return host;
}

export function exploreSpace(proto: MProtocol, enums: EnumValues, vcpus?: number): ExploreSpace {
  const n = vcpus ?? proto.explore?.vcpus ?? 1;
  const invocations: Invocation[] = [];
  for (const call of proto.calls) {
    let combos: Map<string, PValue>[] = [new Map()];
    for (const p of call.params) {
      const vs = valuesOf(p, call.name, proto, enums);
      combos = combos.flatMap((c) => vs.map((v) => new Map([...c, [p.name, v]])));
    }
    const who = call.perVcpu ? Array.from({ length: n }, (_, i) => i) : [undefined];
    for (const vcpu of who) {
      for (const args of combos)
        invocations.push({ call, ...(vcpu !== undefined ? { vcpu } : {}), args });
    }
  }
  return { vcpus: n, host: hostOf(proto), invocations };
}
