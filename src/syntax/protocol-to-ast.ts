/**
 * CST -> AST for the protocol constructs (grammar block "Protocols"),
 * spread into to-ast.ts's actions. Like to-ast.ts: no checks, no lookups.
 */
import type { IterationNode, Node, NonterminalNode } from 'ohm-js';
import type { Span } from '../diagnostics/diagnostic.ts';
import type * as A from './ast.ts';
import type { PmumapActionDict } from './grammar.ts';
import type * as P from './protocol-ast.ts';

const ast = <T>(n: Node, file: string): T => n['ast'](file) as T;
const opt = <T>(iter: IterationNode, file: string): T | undefined => {
  const child = iter.children[0];
  return child === undefined ? undefined : ast<T>(child, file);
};
const many = <T>(iter: IterationNode, file: string): T[] =>
  iter.children.map((c) => ast<T>(c, file));
const list = <T>(listNode: Node, file: string): T[] =>
  listNode.asIteration().children.map((c: Node) => ast<T>(c, file));

function self(node: NonterminalNode): { file: string; span: Span } {
  const file = node.args['file'] as string;
  return { file, span: { file, start: node.source.startIdx, end: node.source.endIdx } };
}

function withText<T extends object>(node: T, text: A.Text | undefined): T {
  return text ? { ...node, text } : node;
}

function effects(iter: IterationNode, file: string): P.MachineEffect[] {
  return opt<P.MachineEffect[]>(iter, file) ?? [];
}

export const protocolActions: PmumapActionDict<unknown> = {
  ProtocolDecl(_kw, name, _on, arch, text, _o, items, _c) {
    const { file, span } = self(this);
    return withText<P.ProtocolDecl>(
      {
        kind: 'protocol',
        name: ast(name, file),
        arch: ast(arch, file),
        items: many(items, file),
        span,
      },
      opt(text, file),
    );
  },
  ProtocolItem_errno(_kw, name, _eq, value, text) {
    const { file, span } = self(this);
    return withText<P.ProtocolItem>(
      { item: 'errno', name: ast(name, file), value: ast(value, file), span },
      opt(text, file),
    );
  },
  ProtocolItem_state(_kw, scope, name, _colon, type, _eq, init, text) {
    const { file, span } = self(this);
    return withText<P.ProtocolItem>(
      {
        item: 'state',
        scope: ast(scope, file),
        name: ast(name, file),
        type: ast(type, file),
        init: ast(init, file),
        span,
      },
      opt(text, file),
    );
  },
  ProtocolItem_call(_kw, subject, _dot, verb, _o, params, _c, text) {
    const { file, span } = self(this);
    return withText<P.ProtocolItem>(
      {
        item: 'call',
        subject: ast(subject, file),
        verb: ast(verb, file),
        params: list(params, file),
        span,
      },
      opt(text, file),
    );
  },
  ProtocolItem_host(_kw, name, _o, params, _c, text) {
    const { file, span } = self(this);
    return withText<P.ProtocolItem>(
      { item: 'host', name: ast(name, file), params: list(params, file), span },
      opt(text, file),
    );
  },
  ProtocolItem_explore(_kw, vcpus, _vcpus, text, _o, samples, _c) {
    const { file, span } = self(this);
    return withText<P.ProtocolItem>(
      { item: 'explore', vcpus: ast(vcpus, file), samples: many(samples, file), span },
      opt(text, file),
    );
  },
  ProtocolParam(name, _colon, type, _eq, value) {
    const { file, span } = self(this);
    const init = opt<A.Expr>(value, file);
    return {
      name: ast(name, file),
      type: ast(type, file),
      ...(init ? { default: init } : {}),
      span,
    };
  },
  ProtocolSample_host(_kw, name, _o, args, _c) {
    const { file, span } = self(this);
    return { sample: 'host', name: ast(name, file), args: list(args, file), span };
  },
  ProtocolSample_values(subject, _d1, verb, _d2, param, _in, values) {
    const { file, span } = self(this);
    return {
      sample: 'values',
      subject: ast(subject, file),
      verb: ast(verb, file),
      param: ast(param, file),
      values: ast(values, file),
      span,
    };
  },
  MachineDecl(_kw, name, _impl, proto, parent, text, _o, status, steps, _c) {
    const { file, span } = self(this);
    const parentName = opt<A.Ident>(parent, file);
    const declared = opt<A.ConsumerStatus>(status, file);
    return withText<P.MachineDecl>(
      {
        kind: 'machine',
        name: ast(name, file),
        implements: ast(proto, file),
        ...(parentName ? { parent: parentName } : {}),
        ...(declared ? { status: declared } : {}),
        steps: many(steps, file),
        span,
      },
      opt(text, file),
    );
  },
  MachineStep(_before, anchor, on, body) {
    const file = this.args['file'] as string;
    const step = ast<P.MachineStepBody>(body, file);
    const before = opt<A.Ident>(anchor, file);
    const call = opt<P.CallRef>(on, file);
    return { ...step, ...(before ? { before } : {}), ...(call ? { on: call } : {}) };
  },
  MachineOn(_kw, subject, _dot, verb) {
    const { file, span } = self(this);
    return { subject: ast(subject, file), verb: ast(verb, file), span };
  },
  MachineStepBody_let(_kw, name, _eq, value) {
    const { file, span } = self(this);
    return { kind: 'let', name: ast(name, file), value: ast(value, file), span };
  },
  MachineStepBody_when(_kw, label, condition, _arrow, result, effs) {
    const { file, span } = self(this);
    const name = opt<A.Ident>(label, file);
    return {
      kind: 'when',
      ...(name ? { label: name } : {}),
      condition: ast(condition, file),
      result: ast(result, file),
      effects: effects(effs, file),
      span,
    };
  },
  MachineStepBody_drop(_kw, label) {
    const { file, span } = self(this);
    return { kind: 'drop', label: ast(label, file), span };
  },
  MachineStepBody_final(_arrow, result, effs) {
    const { file, span } = self(this);
    return { kind: 'final', result: ast(result, file), effects: effects(effs, file), span };
  },
  MachineResult_errno(_minus, name) {
    const { file, span } = self(this);
    return { kind: 'errno', name: ast(name, file), span };
  },
  MachineResult_value(value) {
    const { file, span } = self(this);
    return { kind: 'ok', value: ast(value, file), span };
  },
  MachineEffects(_o, items, _comma, _c) {
    return list(items, this.args['file'] as string);
  },
  MachineEffect(scope, _dot, name, _eq, value) {
    const { file, span } = self(this);
    return { scope: ast(scope, file), name: ast(name, file), value: ast(value, file), span };
  },
};
