/**
 * The compiled protocols (issue 20): plain, readonly, JSON-serialisable, like
 * model.ts. Integers are "0x.." strings; `origin` is "file:line". A result is
 * "0" or "-ERRNO" with ERRNO one of the protocol's errnos.
 */
import type { BinaryOp, MConsumerStatus } from './model.ts';

/** A value's type: `flag` is a bool written as the parameter's own name. */
export type PType =
  | { readonly kind: 'bool' }
  | { readonly kind: 'flag' }
  | { readonly kind: 'int'; readonly width: number }
  | { readonly kind: 'enum'; readonly name: string; readonly width: number };

/** A resolved protocol expression. */
export type PExpr =
  | { readonly op: 'const'; readonly value: string; readonly enum?: string }
  | { readonly op: 'bool'; readonly value: boolean }
  /** A state variable of the VM, of the vCPU making the call, or of `other` in any_other/all_other. */
  | { readonly op: 'state'; readonly scope: 'vm' | 'vcpu' | 'other'; readonly name: string }
  | { readonly op: 'param'; readonly name: string }
  | { readonly op: 'let'; readonly name: string }
  /** `key in host.R`: some host record R has this key (its first field). */
  | { readonly op: 'hostHas'; readonly record: string; readonly key: PExpr }
  /** `host.R[key].field`: 0 when no record has the key. */
  | {
      readonly op: 'hostGet';
      readonly record: string;
      readonly key: PExpr;
      readonly field: string;
    }
  | { readonly op: 'hostCount'; readonly record: string }
  /** `host.R.first`: the first record's key, 0 when there is none. */
  | { readonly op: 'hostFirst'; readonly record: string }
  /** Over every vCPU but the caller: `other.X` inside reads that vCPU's state. */
  | { readonly op: 'anyOther' | 'allOther'; readonly body: PExpr }
  | { readonly op: '!' | '~'; readonly arg: PExpr }
  | { readonly op: 'bin'; readonly kind: BinaryOp; readonly a: PExpr; readonly b: PExpr }
  | { readonly op: 'min' | 'max'; readonly a: PExpr; readonly b: PExpr }
  | {
      readonly op: 'cond';
      readonly test: PExpr;
      readonly then: PExpr;
      readonly otherwise: PExpr;
    }
  | { readonly op: 'inSet'; readonly value: PExpr; readonly items: readonly PExpr[] }
  | { readonly op: 'inRange'; readonly value: PExpr; readonly lo: string; readonly hi: string };

export interface PParam {
  readonly name: string;
  readonly type: PType;
  /** A constant: "0x.." or "true"/"false"; absent, the call needs the argument. */
  readonly default?: string;
}

export interface PCall {
  /** `vcpu.set`, `vgic.init`. */
  readonly name: string;
  readonly subject: string;
  readonly verb: string;
  /** Made by one vCPU (`vcpuN VERB ...` in a sequence); otherwise VM-wide. */
  readonly perVcpu: boolean;
  readonly params: readonly PParam[];
  readonly doc?: string;
  readonly origin: string;
}

export interface PStateVar {
  readonly scope: 'vm' | 'vcpu';
  readonly name: string;
  readonly type: PType;
  /** "0x.." or "true"/"false". */
  readonly init: string;
  readonly doc?: string;
  readonly origin: string;
}

export interface PHostRecord {
  readonly name: string;
  /** The first field is the key. */
  readonly fields: readonly { readonly name: string; readonly type: PType }[];
  readonly doc?: string;
  readonly origin: string;
}

export interface PExplore {
  readonly vcpus: number;
  readonly hosts: readonly { readonly record: string; readonly values: readonly string[] }[];
  /** Values to try for an integer parameter (others: every enum member, both bools, the default). */
  readonly values: readonly {
    readonly call: string;
    readonly param: string;
    readonly values: readonly string[];
  }[];
  readonly doc?: string;
}

export interface MProtocol {
  readonly name: string;
  readonly arch: string;
  readonly doc?: string;
  readonly origin: string;
  readonly errnos: readonly {
    readonly name: string;
    readonly value: number;
    readonly doc?: string;
    readonly origin: string;
  }[];
  readonly hosts: readonly PHostRecord[];
  readonly state: readonly PStateVar[];
  readonly calls: readonly PCall[];
  readonly explore?: PExplore;
}

export interface PEffect {
  readonly scope: 'vm' | 'vcpu';
  readonly name: string;
  readonly value: PExpr;
}

export type PStep =
  | {
      readonly kind: 'let';
      /** The call it runs for; absent, every call. */
      readonly call?: string;
      readonly name: string;
      readonly value: PExpr;
      readonly origin: string;
    }
  | {
      readonly kind: 'rule';
      readonly call?: string;
      readonly label?: string;
      /** Absent: the call's final `=>`. */
      readonly condition?: PExpr;
      readonly result: string;
      readonly effects: readonly PEffect[];
      readonly origin: string;
    };

export interface MMachine {
  readonly name: string;
  readonly protocol: string;
  readonly parent?: string;
  readonly doc?: string;
  readonly status?: MConsumerStatus;
  readonly origin: string;
  /** The effective decision list, inheritance applied. */
  readonly steps: readonly PStep[];
}
