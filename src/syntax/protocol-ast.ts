/**
 * The AST of the protocol constructs (issue 20): a `protocol` declares the
 * state, calls, errnos and host records of a state machine a VMM drives; a
 * `machine` is one kernel's ordered decision list over it. Plain data with
 * spans, like ast.ts; src/protocol/ checks and resolves it.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { ConsumerStatus, Expr, Ident, NumberLit, Text, TypeRef } from './ast.ts';

export interface ProtocolParam {
  readonly name: Ident;
  /** `flag`: a bool written as the parameter's own name. */
  readonly type: TypeRef;
  readonly default?: Expr;
  readonly span: Span;
}

export type ProtocolItem =
  | {
      readonly item: 'errno';
      readonly name: Ident;
      readonly value: NumberLit;
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'state';
      /** `vm` or `vcpu`. */
      readonly scope: Ident;
      readonly name: Ident;
      readonly type: TypeRef;
      readonly init: Expr;
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'call';
      /** `vcpu` for a per-vCPU call; any other word is a VM-wide object (`vgic`). */
      readonly subject: Ident;
      readonly verb: Ident;
      readonly params: readonly ProtocolParam[];
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'host';
      readonly name: Ident;
      /** The first is the record's key (`host.pmu[key].field`, `key in host.pmu`). */
      readonly params: readonly ProtocolParam[];
      readonly text?: Text;
      readonly span: Span;
    }
  | {
      readonly item: 'explore';
      readonly vcpus: NumberLit;
      readonly text?: Text;
      readonly samples: readonly ProtocolSample[];
      readonly span: Span;
    };

export type ProtocolSample =
  | {
      readonly sample: 'host';
      readonly name: Ident;
      readonly args: readonly Expr[];
      readonly span: Span;
    }
  | {
      readonly sample: 'values';
      readonly subject: Ident;
      readonly verb: Ident;
      readonly param: Ident;
      readonly values: readonly Expr[];
      readonly span: Span;
    };

export interface ProtocolDecl {
  readonly kind: 'protocol';
  readonly name: Ident;
  /** The arch whose `pmumap protocol ARCH` runs it. */
  readonly arch: Ident;
  readonly text?: Text;
  readonly items: readonly ProtocolItem[];
  readonly span: Span;
}

/** `on SUBJECT.VERB`: the call a step belongs to; absent, every call. */
export interface CallRef {
  readonly subject: Ident;
  readonly verb: Ident;
  readonly span: Span;
}

export type MachineResult =
  | { readonly kind: 'ok'; readonly value: NumberLit; readonly span: Span }
  | { readonly kind: 'errno'; readonly name: Ident; readonly span: Span };

export interface MachineEffect {
  readonly scope: Ident;
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

export type MachineStepBody =
  | { readonly kind: 'let'; readonly name: Ident; readonly value: Expr; readonly span: Span }
  | {
      readonly kind: 'when';
      readonly label?: Ident;
      readonly condition: Expr;
      readonly result: MachineResult;
      readonly effects: readonly MachineEffect[];
      readonly span: Span;
    }
  | { readonly kind: 'drop'; readonly label: Ident; readonly span: Span }
  | {
      readonly kind: 'final';
      readonly result: MachineResult;
      readonly effects: readonly MachineEffect[];
      readonly span: Span;
    };

export type MachineStep = MachineStepBody & {
  readonly before?: Ident;
  readonly on?: CallRef;
};

export interface MachineDecl {
  readonly kind: 'machine';
  readonly name: Ident;
  readonly implements: Ident;
  readonly parent?: Ident;
  readonly text?: Text;
  readonly status?: ConsumerStatus;
  readonly steps: readonly MachineStep[];
  readonly span: Span;
}
