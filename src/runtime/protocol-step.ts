/**
 * The step function of a protocol machine: one call, made on a state, gives
 * a result ("0" or "-ERRNO"), the tables line of the step that decided it,
 * and the state after the call's effects. The state is the VM's variables
 * and each vCPU's, in the protocol's declaration order; values are bigint
 * (u64, wrapping; stored masked to the variable's width) or boolean.
 */
import type { MMachine, MProtocol, PCall, PExpr, PStep, PType } from '../model/model.ts';

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

/**
 * A state's identity, for exploring. vCPUs are interchangeable (no rule
 * names a vCPU by number; any_other and all_other treat the others alike),
 * so states that differ only in which vCPU is which are one: the rows are
 * sorted.
 */
export function stateKey(s: ProtocolState): string {
  return jointStateKey([s]);
}

/** The identity of several machines' states reached by the same calls: one vCPU order for all. */
export function jointStateKey(states: readonly ProtocolState[]): string {
  const vcpus = states[0]?.vcpus.length ?? 0;
  const rows: string[] = [];
  for (let i = 0; i < vcpus; i++) rows.push(states.map((s) => s.vcpus[i]!.join(',')).join(';'));
  rows.sort();
  return `${states.map((s) => s.vm.join(',')).join(';')}|${rows.join('|')}`;
}

interface Ctx {
  readonly state: ProtocolState;
  readonly host: HostRecords;
  readonly vcpu: number;
  other: number;
  readonly args: ReadonlyMap<string, PValue>;
  /** Each let's value, by the slot the compiled call gave it. */
  readonly lets: PValue[];
}

export class ProtocolError extends Error {}

type Fn = (c: Ctx) => PValue;

interface CompiledStep {
  readonly index: number;
  readonly step: PStep;
  /** For a let: its slot. */
  readonly slot: number;
  readonly value?: Fn;
  readonly condition?: Fn;
  readonly effects: readonly {
    readonly value: Fn;
    readonly vm: boolean;
    readonly at: number;
    readonly mask?: bigint;
  }[];
}

const int = (v: PValue): bigint => {
  if (typeof v !== 'bigint') throw new ProtocolError(`expected an integer, found ${String(v)}`);
  return v;
};

/**
 * A machine ready to run: for each call, its steps in order with every
 * expression compiled once into a closure and every name resolved to an
 * index (exploring runs millions of steps).
 */
export class MachineRunner {
  private readonly vmIndex = new Map<string, number>();
  private readonly vcpuIndex = new Map<string, number>();
  private readonly masks = new Map<string, bigint>();
  private readonly hostFields = new Map<string, readonly string[]>();
  private readonly boolFields = new Set<string>();
  private readonly calls = new Map<string, { steps: CompiledStep[]; lets: number }>();

  readonly protocol: MProtocol;
  readonly machine: MMachine;

  constructor(protocol: MProtocol, machine: MMachine) {
    this.protocol = protocol;
    this.machine = machine;
    for (const s of protocol.state) {
      const index = s.scope === 'vm' ? this.vmIndex : this.vcpuIndex;
      index.set(s.name, index.size);
      const w = widthOf(s.type);
      if (s.type.kind !== 'bool') {
        this.masks.set(`${s.scope}.${s.name}`, w >= 64 ? U64 : (1n << BigInt(w)) - 1n);
      }
    }
    for (const h of protocol.hosts) {
      this.hostFields.set(
        h.name,
        h.fields.map((f) => f.name),
      );
      for (const f of h.fields) {
        if (f.type.kind === 'bool' || f.type.kind === 'flag')
          this.boolFields.add(`${h.name}.${f.name}`);
      }
    }
    for (const call of protocol.calls) this.calls.set(call.name, this.compileCall(call.name));
  }

  private compileCall(call: string): { steps: CompiledStep[]; lets: number } {
    const slots = new Map<string, number>();
    let lets = 0;
    const steps: CompiledStep[] = [];
    this.machine.steps.forEach((step, index) => {
      if (step.call !== undefined && step.call !== call) return;
      if (step.kind === 'let') {
        const value = this.compile(step.value, slots);
        const slot = lets++;
        slots.set(step.name, slot);
        steps.push({ index, step, slot, value, effects: [] });
        return;
      }
      const effects = step.effects.map((e) => {
        const mask = this.masks.get(`${e.scope}.${e.name}`);
        return {
          value: this.compile(e.value, slots),
          vm: e.scope === 'vm',
          at: (e.scope === 'vm' ? this.vmIndex : this.vcpuIndex).get(e.name) ?? -1,
          ...(mask !== undefined ? { mask } : {}),
        };
      });
      steps.push({
        index,
        step,
        slot: -1,
        ...(step.condition ? { condition: this.compile(step.condition, slots) } : {}),
        effects,
      });
    });
    return { steps, lets };
  }

  step(state: ProtocolState, host: HostRecords, inv: Invocation): StepOutcome {
    const compiled = this.calls.get(inv.call.name);
    if (!compiled) return { result: null, state };
    const ctx: Ctx = {
      state,
      host,
      vcpu: inv.vcpu ?? -1,
      other: -1,
      args: inv.args,
      lets: new Array<PValue>(compiled.lets),
    };
    for (const c of compiled.steps) {
      const s = c.step;
      if (s.kind === 'let') {
        ctx.lets[c.slot] = c.value!(ctx);
        continue;
      }
      if (c.condition && c.condition(ctx) !== true) continue;
      return {
        result: s.result,
        origin: s.origin,
        ...(s.label ? { label: s.label } : {}),
        step: c.index,
        state: this.apply(c, ctx),
      };
    }
    return { result: null, state };
  }

  private apply(c: CompiledStep, ctx: Ctx): ProtocolState {
    if (c.effects.length === 0) return ctx.state;
    // Every effect reads the state before the call.
    const values = c.effects.map((e) => e.value(ctx));
    const vm = [...ctx.state.vm];
    const vcpus = ctx.state.vcpus.map((v, i) => (i === ctx.vcpu ? [...v] : v));
    c.effects.forEach((e, i) => {
      let v = values[i]!;
      if (typeof v === 'bigint' && e.mask !== undefined) v &= e.mask;
      if (e.vm) vm[e.at] = v;
      else (vcpus[ctx.vcpu] as PValue[])[e.at] = v;
    });
    return { vm, vcpus };
  }

  private hostRecord(record: string, key: bigint, ctx: Ctx): readonly PValue[] | undefined {
    const list = ctx.host.get(record);
    if (!list) return undefined;
    for (const r of list) if (r[0] === key) return r;
    return undefined;
  }

  private compile(e: PExpr, lets: ReadonlyMap<string, number>): Fn {
    const sub = (x: PExpr): Fn => this.compile(x, lets);
    switch (e.op) {
      case 'const': {
        const v = BigInt(e.value);
        return () => v;
      }
      case 'bool': {
        const v = e.value;
        return () => v;
      }
      case 'state': {
        const name = e.name;
        if (e.scope === 'vm') {
          const at = this.vmIndex.get(name)!;
          return (c) => c.state.vm[at]!;
        }
        const at = this.vcpuIndex.get(name)!;
        const mine = e.scope === 'vcpu';
        return (c) => {
          const who = mine ? c.vcpu : c.other;
          const row = c.state.vcpus[who];
          if (!row) throw new ProtocolError(`no vCPU ${who} for ${e.scope}.${name}`);
          return row[at]!;
        };
      }
      case 'param': {
        const name = e.name;
        return (c) => {
          const v = c.args.get(name);
          if (v === undefined) throw new ProtocolError(`no value for parameter '${name}'`);
          return v;
        };
      }
      case 'let': {
        const slot = lets.get(e.name);
        if (slot === undefined)
          throw new ProtocolError(`'${e.name}' is not defined before it is read`);
        return (c) => c.lets[slot]!;
      }
      case 'hostHas': {
        const key = sub(e.key);
        const record = e.record;
        return (c) => this.hostRecord(record, int(key(c)), c) !== undefined;
      }
      case 'hostGet': {
        const key = sub(e.key);
        const record = e.record;
        const at = this.hostFields.get(record)?.indexOf(e.field) ?? -1;
        const absent: PValue = this.boolFields.has(`${record}.${e.field}`) ? false : 0n;
        return (c) => this.hostRecord(record, int(key(c)), c)?.[at] ?? absent;
      }
      case 'hostCount': {
        const record = e.record;
        return (c) => BigInt(c.host.get(record)?.length ?? 0);
      }
      case 'hostFirst': {
        const record = e.record;
        return (c) => {
          const first = c.host.get(record)?.[0]?.[0];
          return typeof first === 'bigint' ? first : 0n;
        };
      }
      case 'anyOther':
      case 'allOther': {
        const body = sub(e.body);
        const any = e.op === 'anyOther';
        return (c) => {
          const saved = c.other;
          try {
            for (let i = 0; i < c.state.vcpus.length; i++) {
              if (i === c.vcpu) continue;
              c.other = i;
              if ((body(c) === true) === any) return any;
            }
            return !any;
          } finally {
            c.other = saved;
          }
        };
      }
      case '!': {
        const a = sub(e.arg);
        return (c) => a(c) !== true;
      }
      case '~': {
        const a = sub(e.arg);
        return (c) => ~int(a(c)) & U64;
      }
      case 'min':
      case 'max': {
        const a = sub(e.a);
        const b = sub(e.b);
        const min = e.op === 'min';
        return (c) => {
          const x = int(a(c));
          const y = int(b(c));
          return min ? (x < y ? x : y) : x > y ? x : y;
        };
      }
      case 'cond': {
        const t = sub(e.test);
        const a = sub(e.then);
        const b = sub(e.otherwise);
        return (c) => (t(c) === true ? a(c) : b(c));
      }
      case 'inSet': {
        const v = sub(e.value);
        const items = e.items.map(sub);
        return (c) => {
          const x = int(v(c));
          return items.some((i) => int(i(c)) === x);
        };
      }
      case 'inRange': {
        const v = sub(e.value);
        const lo = BigInt(e.lo);
        const hi = BigInt(e.hi);
        return (c) => {
          const x = int(v(c));
          return x >= lo && x <= hi;
        };
      }
      case 'bin':
        return this.binary(e.kind, sub(e.a), sub(e.b));
    }
  }

  private binary(kind: string, a: Fn, b: Fn): Fn {
    switch (kind) {
      case '&&':
        return (c) => a(c) === true && b(c) === true;
      case '||':
        return (c) => a(c) === true || b(c) === true;
      case '==':
        return (c) => a(c) === b(c);
      case '!=':
        return (c) => a(c) !== b(c);
      case '<':
        return (c) => int(a(c)) < int(b(c));
      case '<=':
        return (c) => int(a(c)) <= int(b(c));
      case '>':
        return (c) => int(a(c)) > int(b(c));
      case '>=':
        return (c) => int(a(c)) >= int(b(c));
      case '|':
        return (c) => int(a(c)) | int(b(c));
      case '^':
        return (c) => int(a(c)) ^ int(b(c));
      case '&':
        return (c) => int(a(c)) & int(b(c));
      case '<<':
        return (c) => {
          const x = int(a(c));
          const y = int(b(c));
          return y >= 64n ? 0n : (x << y) & U64;
        };
      case '>>':
        return (c) => {
          const x = int(a(c));
          const y = int(b(c));
          return y >= 64n ? 0n : x >> y;
        };
      case '+':
        return (c) => (int(a(c)) + int(b(c))) & U64;
      case '-':
        return (c) => (int(a(c)) - int(b(c))) & U64;
    }
    throw new ProtocolError(`unknown operator ${kind}`);
  }
}
