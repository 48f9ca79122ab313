/**
 * What a caller needs to choose and call a consumer: each interface with
 * its documented inputs and outputs, and the consumers that answer it.
 * Plain data, in the order the tables declare them.
 */
import { membersOfType } from '../model/members.ts';
import type { MConsumer, MInterface, Model } from '../model/model.ts';
import { isRangesType } from '../runtime/run.ts';

export interface InputInfo {
  readonly name: string;
  /** The declared type: `u32`, `bool`, an enum, a pmu, a register, `ranges<Enum>`. */
  readonly type: string;
  readonly doc?: string;
  /** False when the tables declare a default (or the input is a list of ranges, empty by default). */
  readonly required: boolean;
  /** The inclusive bounds the tables declare, if any. */
  readonly range?: { readonly lo: bigint; readonly hi: bigint };
  /** The names a string value may take: an enum's members or the pmus of that kind. */
  readonly members?: readonly string[];
}

export interface OutputInfo {
  readonly name: string;
  readonly type: string;
  readonly doc?: string;
}

export interface ConsumerInfo {
  readonly name: string;
  readonly interface: string;
  readonly doc?: string;
  /** The consumer it extends, if any. */
  readonly parent?: string;
  /** Where it is declared: `file:line`. */
  readonly origin: string;
}

export interface InterfaceInfo {
  readonly name: string;
  readonly doc?: string;
  readonly origin: string;
  readonly inputs: readonly InputInfo[];
  readonly outputs: readonly OutputInfo[];
  /** True when each answer ends in an outcome (perf, software, direct or refused). */
  readonly hasOutcome: boolean;
  readonly consumers: readonly ConsumerInfo[];
}

/** An optional field, present only when defined (exactOptionalPropertyTypes). */
const maybe = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } =>
  (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };

function memberNames(model: Model, type: string): readonly string[] | undefined {
  const named = membersOfType(model, type).map((m) => m.name);
  if (named.length > 0) return named;
  // A pmu-typed input takes any pmu of the tables, by name.
  return model.pmus.some((p) => p.name === type) ? model.pmus.map((p) => p.name) : undefined;
}

export function describeConsumer(c: MConsumer): ConsumerInfo {
  return {
    name: c.name,
    interface: c.implements,
    ...maybe('doc', c.doc),
    ...maybe('parent', c.parent),
    origin: c.origin,
  };
}

export function describeInterface(model: Model, iface: MInterface): InterfaceInfo {
  return {
    name: iface.name,
    ...maybe('doc', iface.doc),
    origin: iface.origin,
    inputs: iface.inputs.map((i) => ({
      name: i.name,
      type: i.type,
      ...maybe('doc', i.doc),
      required: !i.default && !isRangesType(i.type),
      ...maybe('range', i.range && { lo: BigInt(i.range.lo), hi: BigInt(i.range.hi) }),
      ...maybe('members', memberNames(model, i.type)),
    })),
    outputs: iface.outputs.map((o) => ({ name: o.name, type: o.type, ...maybe('doc', o.doc) })),
    hasOutcome: iface.outcome,
    consumers: model.consumers.filter((c) => c.implements === iface.name).map(describeConsumer),
  };
}
