/**
 * The step function of a protocol machine: one call, made on a state, gives
 * a result ("0" or "-ERRNO"), the tables line of the step that decided it,
 * and the state after the call's effects. The state is the VM's variables
 * and each vCPU's, in the protocol's declaration order; values are bigint
 * (u64, wrapping; stored masked to the variable's width) or boolean.
 */
import type { MMachine, MProtocol, PCall, PExpr, PStep, PType } from '../model/protocol-model.ts';

export type PValue = bigint | boolean;

export interface ProtocolState {
  readonly vm: readonly PValue[];
  readonly vcpus: readonly (readonly PValue[])[];
}

/** The host records a run starts from: per record name, each record's field values. */
export type HostRecords = ReadonlyMap<string, readonly (readonly PValue[])[]>;

export interface Invocation {
  readonly call: PCall;
  /** The vCPU making a per-vCPU call. */
  readonly vcpu?: number;
  /** Every parameter's value (defaults applied, flags false unless written). */
  readonly args: ReadonlyMap<string, PValue>;
}

export interface StepOutcome {
  /** "0" or "-ERRNO"; null when no step decides the call (check rejects such tables). */
  readonly result: string | null;
  /** The deciding step's tables line. */
  readonly origin?: string;
  readonly label?: string;
  /** The deciding step's index in the machine's steps. */
  readonly step?: number;
  readonly state: ProtocolState;
}

const U64 = (1n << 64n) - 1n;

export function parseValue(text: string): PValue {
  return text === 'true' ? true : text === 'false' ? false : BigInt(text);
}

function widthOf(t: PType): number {
  return t.kind === 'int' || t.kind === 'enum' ? t.width : 64;
}

export function initialState(p: MProtocol, vcpus: number): ProtocolState {
  const vm = p.state.filter((s) => s.scope === 'vm').map((s) => parseValue(s.init));
  const one = p.state.filter((s) => s.scope === 'vcpu').map((s) => parseValue(s.init));
  return { vm, vcpus: Array.from({ length: vcpus }, () => [...one]) };
}

/** A state's identity, for exploring. */
export function stateKey(s: ProtocolState): string {
  return `${s.vm.join(',')}|${s.vcpus.map((v) => v.join(',')).join('|')}`;
}

interface Ctx {
  readonly state: ProtocolState;
  readonly host: HostRecords;
  readonly vcpu: number;
  other: number;
  readonly args: ReadonlyMap<string, PValue>;
  readonly lets: Map<string, PValue>;
}

export class ProtocolError extends Error {}

/** A machine ready to run: name lookups resolved to indices once. */
export class MachineRunner {
  private readonly vmIndex = new Map<string, number>();
  private readonly vcpuIndex = new Map<string, number>();
  private readonly masks = new Map<string, bigint>();
  private readonly hostFields = new Map<string, readonly string[]>();
  private readonly boolFields = new Set<string>();

  readonly protocol: MProtocol;
  readonly machine: MMachine;

  constructor(protocol: MProtocol, machine: MMachine) {
    this.protocol = protocol;
    this.machine = machine;
    for (const s of protocol.state) {
      const index = s.scope === 'vm' ? this.vmIndex : this.vcpuIndex;
      index.set(s.name, index.size);
      const w = widthOf(s.type);
      this.masks.set(`${s.scope}.${s.name}`, w >= 64 ? U64 : (1n << BigInt(w)) - 1n);
    }
    for (const h of protocol.hosts)
      this.hostFields.set(
        h.name,
        h.fields.map((f) => f.name),
      );
  }

  step(state: ProtocolState, host: HostRecords, inv: Invocation): StepOutcome {
    const ctx: Ctx = {
      state,
      host,
      vcpu: inv.vcpu ?? -1,
      other: -1,
      args: inv.args,
      lets: new Map(),
    };
    const steps = this.machine.steps;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      if (s.call !== undefined && s.call !== inv.call.name) continue;
      if (s.kind === 'let') {
        ctx.lets.set(s.name, this.eval(s.value, ctx));
        continue;
      }
      if (s.condition && this.eval(s.condition, ctx) !== true) continue;
      return {
        result: s.result,
        origin: s.origin,
        ...(s.label ? { label: s.label } : {}),
        step: i,
        state: this.apply(s, ctx),
      };
    }
    return { result: null, state };
  }

  private apply(s: Extract<PStep, { kind: 'rule' }>, ctx: Ctx): ProtocolState {
    if (s.effects.length === 0) return ctx.state;
    // Every effect reads the state before the call.
    const values = s.effects.map((e) => this.eval(e.value, ctx));
    const vm = [...ctx.state.vm];
    const vcpus = ctx.state.vcpus.map((v, i) => (i === ctx.vcpu ? [...v] : v));
    s.effects.forEach((e, i) => {
      let v = values[i]!;
      if (typeof v === 'bigint') v &= this.masks.get(`${e.scope}.${e.name}`) ?? U64;
      if (e.scope === 'vm') vm[this.vmIndex.get(e.name)!] = v;
      else (vcpus[ctx.vcpu] as PValue[])[this.vcpuIndex.get(e.name)!] = v;
    });
    return { vm, vcpus };
  }

  private int(e: PExpr, ctx: Ctx): bigint {
    const v = this.eval(e, ctx);
    if (typeof v !== 'bigint') throw new ProtocolError(`expected an integer, found ${String(v)}`);
    return v;
  }

  private hostRecord(record: string, key: bigint, ctx: Ctx): readonly PValue[] | undefined {
    return ctx.host.get(record)?.find((r) => r[0] === key);
  }

  eval(e: PExpr, ctx: Ctx): PValue {
    switch (e.op) {
      case 'const':
        return BigInt(e.value);
      case 'bool':
        return e.value;
      case 'state': {
        if (e.scope === 'vm') return ctx.state.vm[this.vmIndex.get(e.name)!]!;
        const who = e.scope === 'vcpu' ? ctx.vcpu : ctx.other;
        const row = ctx.state.vcpus[who];
        if (!row) throw new ProtocolError(`no vCPU ${who} for ${e.scope}.${e.name}`);
        return row[this.vcpuIndex.get(e.name)!]!;
      }
      case 'param': {
        const v = ctx.args.get(e.name);
        if (v === undefined) throw new ProtocolError(`no value for parameter '${e.name}'`);
        return v;
      }
      case 'let': {
        const v = ctx.lets.get(e.name);
        if (v === undefined) throw new ProtocolError(`no value for '${e.name}'`);
        return v;
      }
      case 'hostHas':
        return this.hostRecord(e.record, this.int(e.key, ctx), ctx) !== undefined;
      case 'hostGet': {
        const r = this.hostRecord(e.record, this.int(e.key, ctx), ctx);
        const at = this.hostFields.get(e.record)?.indexOf(e.field) ?? -1;
        return r?.[at] ?? (this.boolFields.has(`${e.record}.${e.field}`) ? false : 0n);
      }
      case 'hostCount':
        return BigInt(ctx.host.get(e.record)?.length ?? 0);
      case 'hostFirst': {
        const first = ctx.host.get(e.record)?.[0]?.[0];
        return typeof first === 'bigint' ? first : 0n;
      }
      case 'anyOther':
      case 'allOther': {
        const any = e.op === 'anyOther';
        const saved = ctx.other;
        try {
          for (let i = 0; i < ctx.state.vcpus.length; i++) {
            if (i === ctx.vcpu) continue;
            ctx.other = i;
            if ((this.eval(e.body, ctx) === true) === any) return any;
          }
          return !any;
        } finally {
          ctx.other = saved;
        }
      }
      case '!':
        return this.eval(e.arg, ctx) !== true;
      case '~':
        return ~this.int(e.arg, ctx) & U64;
      case 'min':
      case 'max': {
        const a = this.int(e.a, ctx);
        const b = this.int(e.b, ctx);
        return e.op === 'min' ? (a < b ? a : b) : a > b ? a : b;
      }
      case 'cond':
        return this.eval(e.test, ctx) === true
          ? this.eval(e.then, ctx)
          : this.eval(e.otherwise, ctx);
      case 'inSet': {
        const v = this.int(e.value, ctx);
        return e.items.some((i) => this.int(i, ctx) === v);
      }
      case 'inRange': {
        const v = this.int(e.value, ctx);
        return v >= BigInt(e.lo) && v <= BigInt(e.hi);
      }
      case 'bin':
        return this.binary(e.kind, e.a, e.b, ctx);
    }
  }

  private binary(kind: string, ea: PExpr, eb: PExpr, ctx: Ctx): PValue {
    if (kind === '&&') return this.eval(ea, ctx) === true && this.eval(eb, ctx) === true;
    if (kind === '||') return this.eval(ea, ctx) === true || this.eval(eb, ctx) === true;
    if (kind === '==') return this.eval(ea, ctx) === this.eval(eb, ctx);
    if (kind === '!=') return this.eval(ea, ctx) !== this.eval(eb, ctx);
    const a = this.int(ea, ctx);
    const b = this.int(eb, ctx);
    switch (kind) {
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&':
        return a & b;
      case '<<':
        return b >= 64n ? 0n : (a << b) & U64;
      case '>>':
        return b >= 64n ? 0n : a >> b;
      case '+':
        return (a + b) & U64;
      case '-':
        return (a - b) & U64;
    }
    throw new ProtocolError(`unknown operator ${kind}`);
  }
}
