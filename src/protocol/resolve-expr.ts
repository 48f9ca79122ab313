/**
 * A protocol step's expression, resolved and typed: names are the step's
 * call parameters and earlier `let`s, `vm.X` / `vcpu.X` state, `other.X`
 * inside any_other/all_other, `Enum.MEMBER`, and the host records
 * (`k in host.R`, `host.R[k].field`, `host.R.count`, `host.R.first`).
 * Reports PM2403/PM2404/PM2407/PM2409/PM2420/PM2421 and returns undefined
 * for an expression it could not resolve.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { MessageId } from '../diagnostics/messages.ts';
import type * as A from '../syntax/ast.ts';
import type { PCall, PExpr, PHostRecord, PStateVar, PType } from '../model/protocol-model.ts';
import { oneOf } from '../check/context.ts';

export type Kind = 'bool' | 'int';

export interface Typed {
  readonly expr: PExpr;
  readonly kind: Kind;
}

export interface ExprScope {
  readonly enums: ReadonlyMap<string, A.EnumDecl>;
  readonly state: readonly PStateVar[];
  readonly hosts: readonly PHostRecord[];
  /** The calls the step runs for (one with `on`, every call without). */
  readonly calls: readonly PCall[];
  /** Whether the step names its call (`on CALL`), so parameters are in scope. */
  readonly onCall: boolean;
  readonly lets: ReadonlyMap<string, Kind>;
  /** Every parameter name of the protocol, to tell PM2421 from PM2403. */
  readonly allParams: ReadonlySet<string>;
  readonly protocol: string;
  readonly report: (id: MessageId, span: Span, args: readonly (string | number)[]) => void;
}

export const kindOfType = (t: PType): Kind =>
  t.kind === 'bool' || t.kind === 'flag' ? 'bool' : 'int';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

const FUNCTIONS = ['any_other', 'all_other', 'min', 'max'];

class Resolver {
  private inOther = false;
  private readonly scope: ExprScope;
  constructor(scope: ExprScope) {
    this.scope = scope;
  }

  want(e: A.Expr, kind: Kind): PExpr | undefined {
    const t = this.expr(e);
    if (!t) return undefined;
    if (t.kind !== kind) {
      this.scope.report('ProtocolTypeMismatch', e.span, [
        kind === 'bool' ? 'a boolean' : 'an integer',
        t.kind === 'bool' ? 'a boolean' : 'an integer',
      ]);
      return undefined;
    }
    return t.expr;
  }

  private state(scope: 'vm' | 'vcpu' | 'other', name: A.Ident, span: Span): Typed | undefined {
    const own = scope === 'other' ? 'vcpu' : scope;
    const v = this.scope.state.find((s) => s.scope === own && s.name === name.name);
    if (!v) {
      this.scope.report('ProtocolUnknownState', name.span, [
        `${scope}.${name.name}`,
        this.scope.protocol,
        oneOf(this.scope.state.filter((s) => s.scope === own).map((s) => `${scope}.${s.name}`)),
      ]);
      return undefined;
    }
    if (scope === 'vcpu') {
      const vmWide = this.scope.calls.find((c) => !c.perVcpu);
      if (vmWide) {
        this.scope.report('ProtocolNoVcpu', span, [`vcpu.${name.name}`, vmWide.name]);
        return undefined;
      }
    }
    return { expr: { op: 'state', scope, name: name.name }, kind: kindOfType(v.type) };
  }

  private host(record: A.Ident): PHostRecord | undefined {
    const r = this.scope.hosts.find((h) => h.name === record.name);
    if (!r) {
      this.scope.report('ProtocolUnknownName', record.span, [
        `host.${record.name}`,
        oneOf(this.scope.hosts.map((h) => `host.${h.name}`)),
      ]);
    }
    return r;
  }

  private hostRecordOf(e: A.Expr): A.Ident | undefined {
    return e.kind === 'member' && e.object.kind === 'name' && e.object.name === 'host'
      ? e.name
      : undefined;
  }

  private name(e: Extract<A.Expr, { kind: 'name' }>): Typed | undefined {
    const letKind = this.scope.lets.get(e.name);
    if (letKind) return { expr: { op: 'let', name: e.name }, kind: letKind };
    if (this.scope.onCall) {
      const param = this.scope.calls[0]?.params.find((p) => p.name === e.name);
      if (param) return { expr: { op: 'param', name: e.name }, kind: kindOfType(param.type) };
    } else if (this.scope.allParams.has(e.name)) {
      this.scope.report('ProtocolParamOutsideCall', e.span, [e.name]);
      return undefined;
    }
    const known = [
      ...this.scope.lets.keys(),
      ...(this.scope.onCall ? (this.scope.calls[0]?.params.map((p) => p.name) ?? []) : []),
      'vm.X',
      'vcpu.X',
    ];
    this.scope.report('ProtocolUnknownName', e.span, [e.name, oneOf(known)]);
    return undefined;
  }

  private member(e: Extract<A.Expr, { kind: 'member' }>): Typed | undefined {
    const obj = e.object;
    if (obj.kind === 'name') {
      if (obj.name === 'vm' || obj.name === 'vcpu') return this.state(obj.name, e.name, e.span);
      if (obj.name === 'other') {
        if (!this.inOther) {
          this.scope.report('ProtocolUnknownName', obj.span, [
            'other',
            'any_other(...) or all_other(...) around it',
          ]);
          return undefined;
        }
        return this.state('other', e.name, e.span);
      }
      const en = this.scope.enums.get(obj.name);
      if (en) {
        const m = en.members.find((x) => x.name.name === e.name.name);
        if (!m) {
          this.scope.report('ProtocolUnknownName', e.name.span, [
            `${obj.name}.${e.name.name}`,
            oneOf(en.members.map((x) => `${obj.name}.${x.name.name}`)),
          ]);
          return undefined;
        }
        return {
          expr: { op: 'const', value: hex(m.value.value), enum: `${obj.name}.${e.name.name}` },
          kind: 'int',
        };
      }
    }
    const record = this.hostRecordOf(obj);
    if (record && (e.name.name === 'count' || e.name.name === 'first')) {
      const r = this.host(record);
      if (!r) return undefined;
      return {
        expr: { op: e.name.name === 'count' ? 'hostCount' : 'hostFirst', record: r.name },
        kind: 'int',
      };
    }
    if (obj.kind === 'index') {
      const rec = this.hostRecordOf(obj.object);
      if (rec) {
        const r = this.host(rec);
        const key = this.want(obj.index, 'int');
        if (!r || !key) return undefined;
        const field = r.fields.find((f) => f.name === e.name.name);
        if (!field) {
          this.scope.report('ProtocolUnknownName', e.name.span, [
            e.name.name,
            oneOf(r.fields.map((f) => f.name)),
          ]);
          return undefined;
        }
        return {
          expr: { op: 'hostGet', record: r.name, key, field: field.name },
          kind: kindOfType(field.type),
        };
      }
    }
    this.scope.report('ProtocolUnknownName', e.span, [
      printPath(e),
      'vm.X, vcpu.X, other.X, ENUM.MEMBER, host.R[key].field, host.R.count or host.R.first',
    ]);
    return undefined;
  }

  expr(e: A.Expr): Typed | undefined {
    switch (e.kind) {
      case 'num':
        return { expr: { op: 'const', value: hex(e.value) }, kind: 'int' };
      case 'bool':
        return { expr: { op: 'bool', value: e.value }, kind: 'bool' };
      case 'name':
        return this.name(e);
      case 'member':
        return this.member(e);
      case 'unary': {
        const kind: Kind = e.op === '!' ? 'bool' : 'int';
        const arg = this.want(e.operand, kind);
        return arg ? { expr: { op: e.op, arg }, kind } : undefined;
      }
      case 'binary':
        return this.binary(e);
      case 'cond': {
        const test = this.want(e.test, 'bool');
        const then = this.expr(e.then);
        if (!test || !then) return undefined;
        const otherwise = this.want(e.otherwise, then.kind);
        return otherwise
          ? { expr: { op: 'cond', test, then: then.expr, otherwise }, kind: then.kind }
          : undefined;
      }
      case 'inSet': {
        const value = this.want(e.value, 'int');
        const items = e.items.map((i) => this.want(i, 'int'));
        if (!value || items.some((i) => !i)) return undefined;
        return { expr: { op: 'inSet', value, items: items as PExpr[] }, kind: 'bool' };
      }
      case 'inRange': {
        const value = this.want(e.value, 'int');
        return value
          ? {
              expr: { op: 'inRange', value, lo: hex(e.lo.value), hi: hex(e.hi.value) },
              kind: 'bool',
            }
          : undefined;
      }
      case 'inTable': {
        const rec = this.hostRecordOf(e.table);
        if (!rec) {
          this.scope.report('ProtocolUnknownName', e.table.span, [printPath(e.table), 'host.R']);
          return undefined;
        }
        const r = this.host(rec);
        const key = this.want(e.value, 'int');
        return r && key
          ? { expr: { op: 'hostHas', record: r.name, key }, kind: 'bool' }
          : undefined;
      }
      case 'call':
        return this.call(e);
      default:
        this.scope.report('ProtocolUnknownName', e.span, [
          printPath(e),
          'an expression over state, parameters and host records',
        ]);
        return undefined;
    }
  }

  private call(e: Extract<A.Expr, { kind: 'call' }>): Typed | undefined {
    const fn = e.fn.name;
    if (!FUNCTIONS.includes(fn)) {
      this.scope.report('ProtocolUnknownFunction', e.fn.span, [fn, oneOf(FUNCTIONS)]);
      return undefined;
    }
    if (fn === 'any_other' || fn === 'all_other') {
      if (e.args.length !== 1 || !e.args[0]) {
        this.scope.report('ProtocolTypeMismatch', e.span, ['one condition', `${e.args.length}`]);
        return undefined;
      }
      const was = this.inOther;
      this.inOther = true;
      const body = this.want(e.args[0], 'bool');
      this.inOther = was;
      return body
        ? { expr: { op: fn === 'any_other' ? 'anyOther' : 'allOther', body }, kind: 'bool' }
        : undefined;
    }
    const [x, y] = e.args;
    if (e.args.length !== 2 || !x || !y) {
      this.scope.report('ProtocolTypeMismatch', e.span, ['two integers', `${e.args.length}`]);
      return undefined;
    }
    const a = this.want(x, 'int');
    const b = this.want(y, 'int');
    return a && b ? { expr: { op: fn as 'min' | 'max', a, b }, kind: 'int' } : undefined;
  }

  private binary(e: Extract<A.Expr, { kind: 'binary' }>): Typed | undefined {
    switch (e.op) {
      case '&&':
      case '||': {
        const a = this.want(e.left, 'bool');
        const b = this.want(e.right, 'bool');
        return a && b ? { expr: { op: 'bin', kind: e.op, a, b }, kind: 'bool' } : undefined;
      }
      case '==':
      case '!=': {
        const a = this.expr(e.left);
        if (!a) return undefined;
        const b = this.want(e.right, a.kind);
        return b ? { expr: { op: 'bin', kind: e.op, a: a.expr, b }, kind: 'bool' } : undefined;
      }
      default: {
        const a = this.want(e.left, 'int');
        const b = this.want(e.right, 'int');
        const cmp = ['<', '<=', '>', '>='].includes(e.op);
        return a && b
          ? { expr: { op: 'bin', kind: e.op, a, b }, kind: cmp ? 'bool' : 'int' }
          : undefined;
      }
    }
  }
}

function printPath(e: A.Expr): string {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'member':
      return `${printPath(e.object)}.${e.name.name}`;
    case 'index':
      return `${printPath(e.object)}[...]`;
    case 'call':
      return `${e.fn.name}(...)`;
    default:
      return 'this expression';
  }
}

export function resolveExpr(scope: ExprScope, e: A.Expr, kind: Kind): PExpr | undefined {
  return new Resolver(scope).want(e, kind);
}

export function resolveAny(scope: ExprScope, e: A.Expr): Typed | undefined {
  return new Resolver(scope).expr(e);
}
