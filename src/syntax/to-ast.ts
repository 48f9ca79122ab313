/**
 * Ohm's only job: CST -> span-carrying AST. Actions never check, never look
 * anything up and never throw for user input; meaning is decided in src/check.
 */
import type { IterationNode, Node, NonterminalNode } from 'ohm-js';
import type { Span } from '../diagnostics/diagnostic.ts';
import type * as A from './ast.ts';
import type { PmumapActionDict } from './grammar.ts';
import { grammar } from './grammar.ts';
import { unescapeText } from './text-literal.ts';
import { protocolActions } from './protocol-to-ast.ts';

type Op = PmumapActionDict<unknown>;

// Typed wrappers: the operation returns `unknown`, these give each call site
// the precise type its grammar rule produces.
const ast = <T>(n: Node, file: string): T => n['ast'](file) as T;
const opt = <T>(iter: IterationNode, file: string): T | undefined => {
  const child = iter.children[0];
  return child === undefined ? undefined : ast<T>(child, file);
};
const many = <T>(iter: IterationNode, file: string): T[] =>
  iter.children.map((c) => ast<T>(c, file));
const list = <T>(listNode: Node, file: string): T[] =>
  listNode.asIteration().children.map((c: Node) => ast<T>(c, file));

function spanOf(node: Node, file: string): Span {
  return { file, start: node.source.startIdx, end: node.source.endIdx };
}

function self(node: NonterminalNode): { file: string; span: Span } {
  const file = node.args['file'] as string;
  return { file, span: spanOf(node, file) };
}

function ident(node: Node, file: string): A.Ident {
  return { name: node.sourceString, span: spanOf(node, file) };
}

/** A number token read straight from its CST node (see the core actions). */
function numberLit(node: Node, file: string): A.NumberLit {
  const text = node.sourceString;
  return { value: parseNumber(text), text, span: spanOf(node, file) };
}

/** A string token read straight from its CST node. */
function textLit(node: Node, file: string): A.Text {
  return { value: unescapeText(node.sourceString), span: spanOf(node, file) };
}

function parseNumber(text: string): bigint {
  const clean = text.replace(/_/g, '');
  return BigInt(clean);
}

function binary(this: NonterminalNode, left: Node, op: Node, right: Node): A.Expr {
  const { file, span } = self(this);
  return {
    kind: 'binary',
    op: op.sourceString as A.BinaryOp,
    left: ast<A.Expr>(left, file),
    right: ast<A.Expr>(right, file),
    span,
  };
}

const actions: Op = {
  ...protocolActions,
  File(decls) {
    return many<A.Decl>(decls, this.args['file'] as string);
  },
  Decl(d) {
    return ast(d, this.args['file'] as string);
  },

  TargetDecl(_kw, name, text, _o, types, _c) {
    const { file, span } = self(this);
    return withText<A.TargetDecl>(
      { kind: 'target', name: ident(name, file), types: many(types, file), span },
      opt<A.Text>(text, file),
    );
  },
  TargetType(_kw, name, _eq, value, text, ids) {
    const { file, span } = self(this);
    const base = { name: ident(name, file), value: ast<A.NumberLit>(value, file), span };
    const idList = opt<A.Member[]>(ids, file);
    return withText<A.TargetType>(idList ? { ...base, ids: idList } : base, opt(text, file));
  },
  TargetIds(_o, members, _c) {
    return many<A.Member>(members, this.args['file'] as string);
  },

  EnumDecl(kind, name, _colon, width, text, _o, members, _c) {
    const { file, span } = self(this);
    return withText<A.EnumDecl>(
      {
        kind: 'enum',
        isEvents: kind.sourceString === 'events',
        name: ident(name, file),
        width: ast(width, file),
        members: many(members, file),
        span,
      },
      opt(text, file),
    );
  },
  Member(name, _eq, value, text) {
    const { file, span } = self(this);
    return withText<A.Member>(
      { name: ident(name, file), value: ast(value, file), span },
      opt(text, file),
    );
  },

  RegisterDecl(_kw, name, index, _colon, width, text, _o, fields, _c) {
    const { file, span } = self(this);
    const base: A.RegisterDecl = {
      kind: 'register',
      name: ident(name, file),
      width: ast(width, file),
      fields: many(fields, file),
      negative: false,
      span,
    };
    const range = opt<A.IndexRange>(index, file);
    return withText<A.RegisterDecl>(range ? { ...base, index: range } : base, opt(text, file));
  },
  IndexRange(_for, variable, _in, lo, _dots, hi) {
    const { file, span } = self(this);
    return { variable: ident(variable, file), lo: ast(lo, file), hi: ast(hi, file), span };
  },
  FieldDecl(bits, name, type, text, negative, gate) {
    const { file, span } = self(this);
    let field: A.FieldDecl = {
      bits: ast(bits, file),
      name: ident(name, file),
      negative: negative.children.length > 0,
      span,
    };
    const typeName = opt<A.Ident>(type, file);
    if (typeName) field = { ...field, type: typeName };
    const gateExpr = opt<A.Expr>(gate, file);
    if (gateExpr) field = { ...field, gate: gateExpr };
    return withText(field, opt(text, file));
  },
  BitRange_range(msb, _colon, lsb) {
    const { file, span } = self(this);
    return { msb: ast(msb, file), lsb: ast(lsb, file), span };
  },
  BitRange_single(bit) {
    const { file, span } = self(this);
    const n = ast<A.NumberLit>(bit, file);
    return { msb: n, lsb: n, span };
  },
  FieldType(_colon, name) {
    return ident(name, this.args['file'] as string);
  },
  Gate(_when, expr) {
    return ast(expr, this.args['file'] as string);
  },

  CpuidDecl(_kw, name, _eq, leaf, subleaf, text, _o, regs, _c) {
    const { file, span } = self(this);
    const leafName = ident(name, file);
    const registers = regs.children.map((r) => {
      const reg = ast<A.RegisterDecl>(r, file);
      return { ...reg, name: { name: `${leafName.name}.${reg.name.name}`, span: reg.name.span } };
    });
    const base: A.CpuidDecl = {
      kind: 'cpuid',
      name: leafName,
      leaf: ast(leaf, file),
      registers,
      span,
    };
    const sub = opt<A.NumberLit>(subleaf, file);
    return withText<A.CpuidDecl>(sub ? { ...base, subleaf: sub } : base, opt(text, file));
  },
  Subleaf(_kw, n) {
    return ast(n, this.args['file'] as string);
  },
  CpuidReg(name, negative, below, _o, fields, _c) {
    const { file, span } = self(this);
    const reg: A.RegisterDecl = {
      kind: 'register',
      name: ident(name, file),
      width: { value: 32n, text: '32', span: spanOf(name, file) },
      fields: many(fields, file),
      negative: negative.children.length > 0,
      span,
    };
    const belowExpr = opt<A.Expr>(below, file);
    return belowExpr ? { ...reg, below: belowExpr } : reg;
  },
  Below(_kw, expr) {
    return ast(expr, this.args['file'] as string);
  },

  FeatureDecl(_kw, name, _eq, expr, text) {
    const { file, span } = self(this);
    return withText<A.FeatureDecl>(
      { kind: 'feature', name: ident(name, file), condition: ast(expr, file), span },
      opt(text, file),
    );
  },

  TableDecl(_kw, name, _colon, keyType, _arrow, valueType, text, _o, entries, _c) {
    const { file, span } = self(this);
    return withText<A.TableDecl>(
      {
        kind: 'table',
        name: ident(name, file),
        keyType: ast(keyType, file),
        valueType: ast(valueType, file),
        entries: many(entries, file),
        span,
      },
      opt(text, file),
    );
  },
  TableEntry(key, _arrow, value, text) {
    const { file, span } = self(this);
    return withText<A.TableEntry>(
      { key: ast(key, file), value: ast(value, file), span },
      opt(text, file),
    );
  },

  ReasonsDecl(_kw, name, text, _o, reasons, _c) {
    const { file, span } = self(this);
    return withText<A.ReasonsDecl>(
      { kind: 'reasons', name: ident(name, file), reasons: many(reasons, file), span },
      opt(text, file),
    );
  },
  Reason(name, _eq, id, text) {
    const { file, span } = self(this);
    const number = opt<A.NumberLit>(id, file);
    return {
      name: ident(name, file),
      ...(number ? { id: number } : {}),
      text: ast(text, file),
      span,
    } satisfies A.Reason;
  },

  PmuDecl(_kw, name, parent, id, text, _o, items, _c) {
    const { file, span } = self(this);
    const number = opt<A.NumberLit>(id, file);
    const base: A.PmuDecl = {
      kind: 'pmu',
      name: ident(name, file),
      ...(number ? { id: number } : {}),
      items: many(items, file),
      span,
    };
    const parentName = opt<A.Ident>(parent, file);
    return withText<A.PmuDecl>(
      parentName ? { ...base, parent: parentName } : base,
      opt(text, file),
    );
  },
  Extends(_kw, name) {
    return ident(name, this.args['file'] as string);
  },
  PmuId(_kw, number) {
    return ast(number, this.args['file'] as string);
  },
  PmuItem(item) {
    return ast(item, this.args['file'] as string);
  },
  PmuLet(_kw, name, _eq, value, text) {
    const { file, span } = self(this);
    return withText<A.PmuLet>(
      { kind: 'let', name: ident(name, file), value: ast(value, file), span },
      opt(text, file),
    );
  },
  CounterDecl(_kw, range, kind, via, gate, text) {
    const { file, span } = self(this);
    const [lo, hi] = ast<[A.NumberLit, A.NumberLit]>(range, file);
    let counter: A.CounterDecl = { kind: 'counter', lo, hi, span };
    const fixed = ast<A.Expr | null>(kind, file);
    if (fixed) counter = { ...counter, fixed };
    const viaReg = opt<A.Ident>(via, file);
    if (viaReg) counter = { ...counter, via: viaReg };
    const gateExpr = opt<A.Expr>(gate, file);
    if (gateExpr) counter = { ...counter, gate: gateExpr };
    return withText(counter, opt(text, file));
  },
  CounterRange_range(lo, _dots, hi) {
    const file = this.args['file'] as string;
    return [ast(lo, file), ast(hi, file)];
  },
  CounterRange_single(n) {
    const lit = ast(n, this.args['file'] as string);
    return [lit, lit];
  },
  CounterKind_programmable(_kw) {
    return null;
  },
  CounterKind_fixed(_kw, event) {
    return ast(event, this.args['file'] as string);
  },
  Via(_kw, name) {
    return ident(name, this.args['file'] as string);
  },

  InterfaceDecl(_kw, name, text, _o, items, _c) {
    const { file, span } = self(this);
    return withText<A.InterfaceDecl>(
      { kind: 'interface', name: ident(name, file), items: many(items, file), span },
      opt(text, file),
    );
  },
  InterfaceItem_input(_kw, name, _colon, type, range, dflt, role, text) {
    const { file, span } = self(this);
    const roleName = opt<A.Ident>(role, file);
    const base: A.InterfaceItem = {
      kind: 'input',
      name: ident(name, file),
      type: ast(type, file),
      ...(roleName ? { role: roleName } : {}),
      span,
    };
    const value = opt<A.Expr>(dflt, file);
    const inRange = opt<NonNullable<A.InterfaceItem['range']>>(range, file);
    const withRange = inRange ? { ...base, range: inRange } : base;
    return withText<A.InterfaceItem>(
      value ? { ...withRange, default: value } : withRange,
      opt(text, file),
    );
  },
  InputRange(_in, lo, _dots, hi) {
    const { file, span } = self(this);
    return { lo: ast(lo, file), hi: ast(hi, file), span };
  },
  Default(_eq, expr) {
    return ast(expr, this.args['file'] as string);
  },
  InterfaceItem_output(_kw, name, _colon, type, role, text) {
    const { file, span } = self(this);
    const roleName = opt<A.Ident>(role, file);
    return withText<A.InterfaceItem>(
      {
        kind: 'output',
        name: ident(name, file),
        type: ast(type, file),
        ...(roleName ? { role: roleName } : {}),
        span,
      },
      opt(text, file),
    );
  },
  Role(_kw, name) {
    return ident(name, this.args['file'] as string);
  },
  GuestEvent(_kw, expr) {
    return ast(expr, this.args['file'] as string);
  },
  GuestKeys(_guest, _kw, keys, _text) {
    return { guestKey: true, keys: list(keys, this.args['file'] as string) };
  },
  GuestKey(key, _eq, consumer) {
    const { file, span } = self(this);
    return { key: ident(key, file), consumer: ident(consumer, file), span };
  },
  DefaultLeaf(_default, _leaf, name, text) {
    const { file, span } = self(this);
    return withText({ defaultLeaf: true, leaf: ident(name, file), span }, opt(text, file));
  },
  InterfaceItem_outcome(_kw, text) {
    const { file, span } = self(this);
    return withText<A.InterfaceItem>({ kind: 'outcome', span }, opt(text, file));
  },
  TypeRef(_name, _dot, _member) {
    const { span } = self(this);
    return { name: this.sourceString.replace(/\s+/g, ''), span };
  },

  ConsumerDecl(_kw, name, _impl, iface, parent, text, _o, status, steps, _c) {
    const { file, span } = self(this);
    const base: A.ConsumerDecl = {
      kind: 'consumer',
      name: ident(name, file),
      implements: ident(iface, file),
      steps: many(steps, file),
      span,
    };
    const parentName = opt<A.Ident>(parent, file);
    const declared = opt<A.ConsumerStatus>(status, file);
    return withText<A.ConsumerDecl>(
      {
        ...base,
        ...(parentName ? { parent: parentName } : {}),
        ...(declared ? { status: declared } : {}),
      },
      opt(text, file),
    );
  },
  PlacedStep(_before, label, step) {
    const file = this.args['file'] as string;
    const body = ast<A.Step>(step, file);
    const node = label.children[0];
    const anchor = node ? ident(node, file) : undefined;
    return anchor ? { ...body, before: anchor } : body;
  },
  ConsumerStatus_mainline(_kw, _mainline, since, _dots, until, of) {
    const { file, span } = self(this);
    const first = opt<A.KernelVersion>(since, file);
    const last = opt<A.KernelVersion>(until, file);
    const newest = opt<A.Ident>(of, file);
    return {
      kind: 'mainline',
      ...(first ? { since: first } : {}),
      ...(last ? { until: last } : {}),
      ...(newest ? { of: newest } : {}),
      span,
    };
  },
  ConsumerStatus_patch(_kw, _patch, subject, version, date, link, _modifies, modifies) {
    const { file, span } = self(this);
    const listLink = opt<A.Text>(link, file);
    return {
      kind: 'patch',
      subject: ast(subject, file),
      version: ident(version, file),
      date: ast(date, file),
      ...(listLink ? { link: listLink } : {}),
      modifies: ident(modifies, file),
      span,
    };
  },
  ConsumerStatus_spec(_kw, _spec, document) {
    const { file, span } = self(this);
    return { kind: 'spec', document: ast(document, file), span };
  },
  StatusOf(_kw, name) {
    return ident(name, this.args['file'] as string);
  },
  kernelVersion(_v, major, _dot, minor, _dot2, patch) {
    const file = this.args['file'] as string;
    const parts = [major, minor, ...patch.children].map((n) => Number(n.sourceString));
    return { text: this.sourceString, parts, span: spanOf(this, file) };
  },
  ConsumerExtends(_kw, name) {
    return ident(name, this.args['file'] as string);
  },
  Step_let(_kw, name, _eq, value) {
    const { file, span } = self(this);
    return { kind: 'let', name: ident(name, file), value: ast(value, file), span };
  },
  Step_when(_kw, label, condition, _arrow, outcome) {
    const { file, span } = self(this);
    const step = {
      kind: 'when',
      condition: ast(condition, file),
      outcome: ast(outcome, file),
      span,
    };
    const labelName = opt<A.Ident>(label, file);
    return labelName ? { ...step, label: labelName } : step;
  },
  Step_output(_kw, name, _eq, value) {
    const { file, span } = self(this);
    return { kind: 'output', name: ident(name, file), value: ast(value, file), span };
  },
  Step_warn(_kw, label, condition, _arrow, text) {
    const { file, span } = self(this);
    const step = { kind: 'warn', condition: ast(condition, file), text: ast(text, file), span };
    const labelName = opt<A.Ident>(label, file);
    return labelName ? { ...step, label: labelName } : step;
  },
  Step_drop(_kw, label) {
    const { file, span } = self(this);
    return { kind: 'drop', label: ident(label, file), span };
  },
  Step_final(_arrow, outcome) {
    const { file, span } = self(this);
    return { kind: 'final', outcome: ast(outcome, file), span };
  },
  Label(name, _colon) {
    return ident(name, this.args['file'] as string);
  },
  Outcome_refuse(_kw, code, text) {
    const { file, span } = self(this);
    let outcome: A.Outcome = { kind: 'refuse', span };
    const codeName = opt<A.Ident>(code, file);
    if (codeName) outcome = { ...outcome, code: codeName };
    return withText(outcome, opt(text, file));
  },
  Outcome_software(_kw, code, text) {
    const { file, span } = self(this);
    const codeName = opt<A.Ident>(code, file);
    const base: A.Outcome = codeName
      ? { kind: 'software', code: codeName, span }
      : { kind: 'software', span };
    return withText<A.Outcome>(base, opt(text, file));
  },
  Outcome_direct(_kw, text) {
    const { file, span } = self(this);
    return withText<A.Outcome>({ kind: 'direct', span }, opt(text, file));
  },
  Outcome_perf(_kw, _o, attrs, _comma, _c) {
    const { file, span } = self(this);
    return { kind: 'perf', attrs: list(attrs, file), span };
  },
  Outcome_generic(_kw, event, attrs) {
    const { file, span } = self(this);
    return {
      kind: 'generic',
      event: ast(event, file),
      attrs: opt<A.AttrAssign[]>(attrs, file) ?? [],
      span,
    };
  },
  AttrBlock(_o, attrs, _comma, _c) {
    return list(attrs, this.args['file'] as string);
  },
  AttrAssign(name, _eq, value) {
    const { file, span } = self(this);
    return { name: ident(name, file), value: ast(value, file), span };
  },

  ExampleDecl(_kw, title, cite, _on, iface, _o, given, expects, _c) {
    const { file, span } = self(this);
    const base: A.ExampleDecl = {
      kind: 'example',
      title: ast(title, file),
      on: ident(iface, file),
      given: opt<A.Binding[]>(given, file) ?? [],
      expects: many(expects, file),
      span,
    };
    const citeText = opt<A.Text>(cite, file);
    return citeText ? { ...base, cite: citeText } : base;
  },
  Cite(_kw, text) {
    return ast(text, this.args['file'] as string);
  },
  Given(_kw, bindings) {
    return list(bindings, this.args['file'] as string);
  },
  Binding(name, _eq, value) {
    const { file, span } = self(this);
    return { name: ident(name, file), value: ast(value, file), span };
  },
  Expect(_kw, consumer, _colon, items) {
    const { file, span } = self(this);
    const base: A.Expect = { items: list(items, file), span };
    const consumerName = opt<A.Ident>(consumer, file);
    return consumerName ? { ...base, consumer: consumerName } : base;
  },
  ExpectItem_refuse(_kw, code) {
    const { file, span } = self(this);
    return { kind: 'refuse', code: ident(code, file), span };
  },
  ExpectItem_software(_kw) {
    return { kind: 'software', span: self(this).span };
  },
  ExpectItem_direct(_kw) {
    return { kind: 'direct', span: self(this).span };
  },
  ExpectItem_perf(_kw, _o, attrs, _comma, _c) {
    const { file, span } = self(this);
    return { kind: 'perf', attrs: list(attrs, file), span };
  },
  ExpectItem_generic(_kw, event) {
    const { file, span } = self(this);
    return { kind: 'generic', event: ast(event, file), span };
  },
  ExpectItem_output(name, _eq, value) {
    const { file, span } = self(this);
    return { kind: 'output', name: ident(name, file), value: ast(value, file), span };
  },

  ImportDecl(_kw, path) {
    const { file, span } = self(this);
    return { kind: 'import', path: ast(path, file), span };
  },
  ExploreDecl(_kw, iface, text, _o, dims, _c) {
    const { file, span } = self(this);
    return withText<A.ExploreDecl>(
      { kind: 'explore', iface: ident(iface, file), dimensions: many(dims, file), span },
      opt(text, file),
    );
  },
  Dimension(input, _dot, field, _in, values, text) {
    const { file, span } = self(this);
    const base: A.Dimension = { input: ident(input, file), values: ast(values, file), span };
    const fieldName = opt<A.Ident>(field, file);
    return withText<A.Dimension>(fieldName ? { ...base, field: fieldName } : base, opt(text, file));
  },
  DimValues_subsets(_kw, lo, _dots, hi) {
    const file = this.args['file'] as string;
    return { kind: 'subsets', lo: ast(lo, file), hi: ast(hi, file) };
  },
  DimValues_range(lo, _dots, hi) {
    const file = this.args['file'] as string;
    return { kind: 'range', lo: ast(lo, file), hi: ast(hi, file) };
  },
  DimValues_set(set) {
    return { kind: 'set', items: ast(set, this.args['file'] as string) };
  },
  FnDecl(_kw, name, _o, params, _c, _colon, returns, _eq, body, text) {
    const { file, span } = self(this);
    return withText<A.FnDecl>(
      {
        kind: 'fn',
        name: ident(name, file),
        params: list(params, file),
        returns: ast(returns, file),
        body: ast(body, file),
        span,
      },
      opt(text, file),
    );
  },
  Param(name, _colon, type) {
    const { file, span } = self(this);
    return { name: ident(name, file), type: ast(type, file), span };
  },
  ArchDecl(_kw, name, text, _o, items, _c) {
    const { file, span } = self(this);
    type DefaultLeaf = NonNullable<A.ArchDecl['defaultLeaves']>[number] & { defaultLeaf: true };
    const all = many<
      | A.ArchCommand
      | (A.ArchMode & { mode: true })
      | A.HostItem
      | (A.ArchVendor & { vendor: true })
      | DefaultLeaf
      | { guestKey: true; keys: NonNullable<A.ArchDecl['guestKeys']> }
      | (A.ArchCpuCommand & { cpuCommand: true })
    >(items, file);
    const host = all.filter((i): i is A.HostItem => 'item' in i);
    const vendor = all
      .filter((i): i is A.ArchVendor & { vendor: true } => 'vendor' in i)
      .map(({ vendor: _vendor, ...v }) => v);
    const guestKeys = all.flatMap((i) => ('guestKey' in i ? i.keys : []));
    // Every `default leaf`: check reports a second one.
    const defaultLeaves = all
      .filter((i): i is DefaultLeaf => 'defaultLeaf' in i)
      .map(({ defaultLeaf: _d, ...l }) => l);
    const cpuCommands = all
      .filter((i): i is A.ArchCpuCommand & { cpuCommand: true } => 'cpuCommand' in i)
      .map(({ cpuCommand: _c, ...c }) => c);
    const rest = all.filter(
      (i) =>
        !('item' in i) &&
        !('vendor' in i) &&
        !('defaultLeaf' in i) &&
        !('cpuCommand' in i) &&
        !('guestKey' in i),
    );
    const commands = rest.filter((i): i is A.ArchCommand => !('mode' in i));
    const modes = rest
      .filter((i): i is A.ArchMode & { mode: true } => 'mode' in i)
      .map(({ mode: _mode, ...m }) => m);
    return withText<A.ArchDecl>(
      {
        kind: 'arch',
        name: ident(name, file),
        commands,
        ...(cpuCommands.length ? { cpuCommands } : {}),
        modes,
        host,
        vendor,
        ...(defaultLeaves.length ? { defaultLeaves } : {}),
        ...(guestKeys.length ? { guestKeys } : {}),
        span,
      },
      opt(text, file),
    );
  },
  CpuCommand(_kw, name, text, _o, items, _c) {
    const { file, span } = self(this);
    type Item =
      | { vendorString: A.TypeRef[] }
      | { encode: { iface: A.Ident; consumer: A.Ident } }
      | { identify: { iface: A.Ident; consumer: A.Ident } }
      | { forVendor: A.ArchCpuCommand['vendors'][number] };
    const parts = many<Item>(items, file);
    let cmd: A.ArchCpuCommand & { cpuCommand: true } = {
      cpuCommand: true,
      name: ident(name, file),
      vendorString: parts.flatMap((p) => ('vendorString' in p ? p.vendorString : [])),
      vendors: parts.flatMap((p) => ('forVendor' in p ? [p.forVendor] : [])),
      span,
    };
    for (const p of parts) {
      if ('encode' in p) cmd = { ...cmd, encode: p.encode };
      if ('identify' in p) cmd = { ...cmd, identify: p.identify };
    }
    return withText(cmd, opt(text, file));
  },
  CpuCommandItem_vendor(_kw, regs, _text) {
    const { file } = self(this);
    return { vendorString: list<A.TypeRef>(regs, file) };
  },
  CpuCommandItem_encode(_kw, iface, _default, consumer) {
    const { file } = self(this);
    return { encode: { iface: ident(iface, file), consumer: ident(consumer, file) } };
  },
  CpuCommandItem_identify(_kw, iface, _default, consumer) {
    const { file } = self(this);
    return { identify: { iface: ident(iface, file), consumer: ident(consumer, file) } };
  },
  CpuCommandItem_for(_kw, match, _given, bindings, _o, slots, _c) {
    const { file, span } = self(this);
    const given = bindings.children.length ? list<A.Binding>(bindings.children[0]!, file) : [];
    return {
      forVendor: {
        match: list<A.Expr>(match, file),
        given,
        slots: many<A.ArchCpuCommand['vendors'][number]['slots'][number]>(slots, file),
        span,
      },
    };
  },
  CpuSlot(slot, _eq, iface, _default, consumer, over, text) {
    const { file, span } = self(this);
    const c = consumer.children.length ? ident(consumer.children[0]!, file) : undefined;
    const o = opt<A.Ident>(over, file);
    return withText(
      {
        slot: ident(slot, file),
        iface: ident(iface, file),
        ...(c ? { consumer: c } : {}),
        ...(o ? { over: o } : {}),
        span,
      },
      opt(text, file),
    );
  },
  ArchItem_command(_kw, name, _eq, iface, _default, consumer, over, identity, text) {
    const { file, span } = self(this);
    const base: A.ArchCommand = {
      name: ident(name, file),
      iface: ident(iface, file),
      consumer: ident(consumer, file),
      span,
    };
    const overName = opt<A.Ident>(over, file);
    const who = opt<A.CommandIdentity>(identity, file);
    return withText<A.ArchCommand>(
      { ...base, ...(overName ? { over: overName } : {}), ...(who ? { identity: who } : {}) },
      opt(text, file),
    );
  },
  CommandIdentity(_kw, command, _dot, slot, _vendorKw, vendor) {
    const { file, span } = self(this);
    const v = opt<A.Text>(vendor, file);
    return {
      command: ident(command, file),
      slot: ident(slot, file),
      ...(v ? { vendor: v } : {}),
      span,
    };
  },
  VendorItem(_kw, pmu, arches, _eq, command, _given, bindings, text) {
    const { file, span } = self(this);
    const item = {
      vendor: true as const,
      pmu: ident(pmu, file),
      arches: list<A.Text>(arches, file),
      command: ident(command, file),
      given: list<A.Binding>(bindings, file),
      span,
    };
    return withText(item, opt(text, file));
  },
  ArchItem_mode(_kw, name, _eq, consumer, text) {
    const { file, span } = self(this);
    return withText(
      { mode: true, name: ident(name, file), consumer: ident(consumer, file), span },
      opt(text, file),
    );
  },
  CoreDecl(_kw, name, text, _colon, pmu, _o, body, _c) {
    const { file, span } = self(this);
    const parts = ast<CorePart[]>(body, file);
    let core: A.CoreDecl = {
      kind: 'core',
      name: ident(name, file),
      pmu: ident(pmu, file),
      fixed: parts.flatMap((p) => (p.part === 'fixed' ? [p.value] : [])),
      common: parts.flatMap((p) => (p.part === 'common' ? [p.value] : [])),
      events: parts.flatMap((p) => (p.part === 'event' ? [p.value] : [])),
      span,
    };
    for (const p of parts) {
      if (p.part === 'source') core = { ...core, source: p.value };
      else if (p.part === 'id') core = { ...core, id: p.value };
      else if (p.part === 'arch') core = { ...core, arch: p.value };
      else if (p.part === 'counters') core = { ...core, counters: p.value };
    }
    return withText(core, opt(text, file));
  },
  LacksDecl(_kw, who, _o, codes, _c, text) {
    const { file, span } = self(this);
    const w = ast<{ core?: A.Ident; arch?: A.Text }>(who, file);
    return {
      kind: 'lacks',
      ...w,
      codes: many(codes, file),
      text: ast(text, file),
      span,
    } satisfies A.LacksDecl;
  },
  SystemDecl(_kw, name, text, _o, cores, _c) {
    const { file, span } = self(this);
    const decl: A.SystemDecl = {
      kind: 'system',
      name: ident(name, file),
      cores: cores.children.map((c) => ident(c, file)),
      span,
    };
    return withText(decl, opt(text, file));
  },
  LacksWho_arch(_kw, text) {
    return { arch: ast(text, this.args['file'] as string) };
  },
  LacksWho_core(name) {
    return { core: ident(name, this.args['file'] as string) };
  },
  LacksCodes(lo, _dots, hi) {
    const file = this.args['file'] as string;
    const first = ast<A.NumberLit>(lo, file);
    return { lo: first, hi: opt<A.NumberLit>(hi, file) ?? first };
  },
  coreBody(_gaps, items, _gap) {
    return many<CorePart>(items, this.args['file'] as string);
  },
  // Core lines are ~25,000 in the vendor tables: their actions read the
  // tokens straight from the CST (numberLit, textLit) instead of running the
  // operation on each child, which halves the time spent here.
  coreItem_source(_kw, _sp, text) {
    return { part: 'source', value: textLit(text, this.args['file'] as string) };
  },
  coreItem_id(_kw, _sp, value, _sp2, text) {
    const file = this.args['file'] as string;
    const t = text.children[0];
    const id = { value: numberLit(value, file) };
    return { part: 'id', value: t ? { ...id, text: textLit(t, file) } : id };
  },
  coreItem_arch(_kw, _sp, text) {
    return { part: 'arch', value: textLit(text, this.args['file'] as string) };
  },
  coreItem_counters(_kw, _sp, n) {
    return { part: 'counters', value: numberLit(n, this.args['file'] as string) };
  },
  coreItem_fixed(_kw, _sp, index, encoding, _sp2, name, _sp3, record) {
    const { file, span } = self(this);
    const base: A.CoreFixed = {
      index: numberLit(index, file),
      name: textLit(name, file),
      record: numberLit(record.child(1), file),
      span,
    };
    const e = encoding.children[0];
    const umask = e?.child(2).children[0];
    const code = e ? { ...base, code: numberLit(e.child(1), file) } : base;
    return {
      part: 'fixed',
      value: umask ? { ...code, umask: numberLit(umask.child(1), file) } : code,
    };
  },
  coreItem_common(_kw, _sp, code, _sp2, name, _sp3, record) {
    const { file, span } = self(this);
    const value: A.CoreCommon = {
      code: numberLit(code, file),
      name: ident(name, file),
      record: numberLit(record.child(1), file),
      span,
    };
    return { part: 'common', value };
  },
  coreItem_event(_kw, _sp, code, umask, qualifiers, _sp2, name, _sp3, record) {
    const { file, span } = self(this);
    const u = umask.children[0];
    const base = {
      code: numberLit(code, file),
      qualifiers: qualifiers.children.map((q) => {
        const qualifier = { name: ident(q.child(1), file) };
        const v = q.child(3).children[0];
        return v ? { ...qualifier, value: numberLit(v, file) } : qualifier;
      }),
      name: textLit(name, file),
      record: numberLit(record.child(1), file),
      span,
    };
    return { part: 'event', value: u ? { ...base, umask: numberLit(u.child(1), file) } : base };
  },
  ArchItem(item) {
    return ast(item, this.args['file'] as string);
  },
  HostItem_device(_kw, _device, pattern, _eq, pmu, when, text) {
    const { file, span } = self(this);
    const condition = opt<A.DeviceWhen>(when, file);
    return withText<A.HostDevice>(
      {
        item: 'device',
        pattern: ast(pattern, file),
        pmu: ident(pmu, file),
        ...(condition ? { when: condition } : {}),
        span,
      },
      opt(text, file),
    );
  },
  HostMarker(_kw, _marker, pattern, when, text, _absent, absent) {
    const { file, span } = self(this);
    const condition = opt<A.DeviceWhen>(when, file);
    return withText<A.HostMarker>(
      {
        item: 'marker',
        pattern: ast(pattern, file),
        ...(condition ? { when: condition } : {}),
        absent: ast(absent, file),
        span,
      },
      opt(text, file),
    );
  },
  DeviceWhen(_when, dir, name, _eq, glob) {
    const { file, span } = self(this);
    return {
      dir: ident(dir, file),
      name: ident(name, file),
      glob: ast(glob, file),
      span,
    } satisfies A.DeviceWhen;
  },
  HostItem_cpu(_kw, _cpu, path, _amp, mask, _eq, enumName, text) {
    const { file, span } = self(this);
    return withText<A.HostCpu>(
      {
        item: 'cpu',
        path: ast(path, file),
        mask: ast(mask, file),
        enumName: ident(enumName, file),
        span,
      },
      opt(text, file),
    );
  },
  HostItem_rule(_kw, role, _eq, iface, _default, consumer, text) {
    const { file, span } = self(this);
    return withText<A.HostRule>(
      {
        item: 'rule',
        role: ident(role, file),
        iface: ident(iface, file),
        consumer: ident(consumer, file),
        span,
      },
      opt(text, file),
    );
  },
  HostItem_guest(_kw, _guest, _eq, command, _o, items, _c) {
    const { file, span } = self(this);
    const parts = many<GuestPart>(items, file);
    return {
      item: 'guest',
      command: ident(command, file),
      modes: parts.flatMap((p) => (p.part === 'mode' ? [p.value] : [])),
      given: parts.flatMap((p) => (p.part === 'given' ? p.value : [])),
      counters: parts.flatMap((p) => (p.part === 'counter' ? [p.value] : [])),
      events: parts.flatMap((p) => (p.part === 'events' ? [p.value] : [])),
      span,
    } satisfies A.HostGuest;
  },
  GuestItem_given(_kw, bindings) {
    return { part: 'given', value: list(bindings, this.args['file'] as string) };
  },
  GuestItem_events(_kw, enumName, _on, counter) {
    const file = this.args['file'] as string;
    return {
      part: 'events',
      value: { enumName: ident(enumName, file), counter: ast(counter, file) },
    };
  },
  GuestItem_counter(name, _on, index, event) {
    const file = this.args['file'] as string;
    const selects = opt<A.Expr>(event, file);
    const value = { name: ident(name, file), index: ast<A.NumberLit>(index, file) };
    return { part: 'counter', value: selects ? { ...value, event: selects } : value };
  },
  GuestItem_mode(plan, _eq, mode, text) {
    const file = this.args['file'] as string;
    return {
      part: 'mode',
      value: withText({ plan: ident(plan, file), mode: ident(mode, file) }, opt(text, file)),
    };
  },
  Over(_kw, name) {
    return ident(name, this.args['file'] as string);
  },

  // --- expressions ---
  Expr_cond(test, _q, then, _colon, otherwise) {
    const { file, span } = self(this);
    return {
      kind: 'cond',
      test: ast(test, file),
      then: ast(then, file),
      otherwise: ast(otherwise, file),
      span,
    };
  },
  Or_or: binary,
  And_and: binary,
  Cmp_cmp: binary,
  Cmp_inSet(value, _in, set) {
    const { file, span } = self(this);
    return { kind: 'inSet', value: ast(value, file), items: ast(set, file), span };
  },
  Cmp_inRange(value, _in, lo, _dots, hi) {
    const { file, span } = self(this);
    return { kind: 'inRange', value: ast(value, file), lo: ast(lo, file), hi: ast(hi, file), span };
  },
  Cmp_inTable(value, _in, table) {
    const { file, span } = self(this);
    return { kind: 'inTable', value: ast(value, file), table: ast(table, file), span };
  },
  SetLit(_o, items, _c) {
    return list(items, this.args['file'] as string);
  },
  BitOr_or(left, op, right) {
    return binary.call(this, left, op, right);
  },
  BitXor_xor: binary,
  BitAnd_and(left, op, right) {
    return binary.call(this, left, op, right);
  },
  Shift_shift: binary,
  Add_add: binary,
  Unary_not(_op, operand) {
    const { file, span } = self(this);
    return { kind: 'unary', op: '!', operand: ast(operand, file), span };
  },
  Unary_inv(_op, operand) {
    const { file, span } = self(this);
    return { kind: 'unary', op: '~', operand: ast(operand, file), span };
  },
  Postfix_member(object, _dot, name) {
    const { file, span } = self(this);
    return { kind: 'member', object: ast(object, file), name: ident(name, file), span };
  },
  Postfix_slice(object, _o, hi, _colon, lo, _c) {
    const { file, span } = self(this);
    return { kind: 'slice', object: ast(object, file), hi: ast(hi, file), lo: ast(lo, file), span };
  },
  Postfix_index(object, _o, index, _c) {
    const { file, span } = self(this);
    return { kind: 'index', object: ast(object, file), index: ast(index, file), span };
  },
  Primary_paren(_o, expr, _c) {
    return ast(expr, this.args['file'] as string);
  },
  Primary_ranges(_o, items, _c) {
    const { file, span } = self(this);
    return { kind: 'ranges', items: list(items, file), span };
  },
  RangeItem(action, _colon, lo, _dots, hi) {
    const { file, span } = self(this);
    const loLit = ast<A.NumberLit>(lo, file);
    return { action: ast(action, file), lo: loLit, hi: opt<A.NumberLit>(hi, file) ?? loLit, span };
  },
  Primary_bits(_kw, _o, variable, _in, lo, _dots, hi, _colon, cond, _c) {
    const { file, span } = self(this);
    return {
      kind: 'bits',
      variable: ident(variable, file),
      lo: ast(lo, file),
      hi: ast(hi, file),
      cond: ast(cond, file),
      span,
    };
  },
  Primary_call(fn, _o, args, _c) {
    const { file, span } = self(this);
    return { kind: 'call', fn: ident(fn, file), args: list(args, file), span };
  },
  Primary_true(_kw) {
    return { kind: 'bool', value: true, span: self(this).span };
  },
  Primary_false(_kw) {
    return { kind: 'bool', value: false, span: self(this).span };
  },
  Primary_number(n) {
    const lit = ast<A.NumberLit>(n, this.args['file'] as string);
    return { kind: 'num', value: lit.value, span: lit.span };
  },
  Primary_name(name) {
    const { span } = self(this);
    return { kind: 'name', name: name.sourceString, span };
  },

  // --- lexical ---
  number(_n) {
    return numberLit(this, this.args['file'] as string);
  },
  text(_open, _chars, _close) {
    return textLit(this, this.args['file'] as string);
  },
  ident(_start, _rest) {
    return ident(this, this.args['file'] as string);
  },
  consumerName(_start, _rest) {
    return ident(this, this.args['file'] as string);
  },
  regName_indexed(_a, _lt, _i, _gt, _rest) {
    return ident(this, this.args['file'] as string);
  },
  regName_plain(_a) {
    return ident(this, this.args['file'] as string);
  },
  cpuidRegName(_kw) {
    return ident(this, this.args['file'] as string);
  },
};

/** One item of a `core` block, before the block groups them. */
type CorePart =
  | { part: 'source'; value: A.Text }
  | { part: 'id'; value: NonNullable<A.CoreDecl['id']> }
  | { part: 'arch'; value: A.Text }
  | { part: 'counters'; value: A.NumberLit }
  | { part: 'fixed'; value: A.CoreFixed }
  | { part: 'common'; value: A.CoreCommon }
  | { part: 'event'; value: A.CoreEvent };

/** One item of a `host guest` block, before the block groups them. */
type GuestPart =
  | { part: 'mode'; value: A.HostGuest['modes'][number] }
  | { part: 'given'; value: A.Binding[] }
  | { part: 'counter'; value: A.HostGuest['counters'][number] }
  | { part: 'events'; value: A.HostGuest['events'][number] };

function withText<T extends object>(node: T, text: A.Text | undefined): T {
  return text ? { ...node, text } : node;
}

/** The semantics object: one `ast(file)` operation over the whole grammar. */
export const semantics = grammar.createSemantics().addOperation<unknown>('ast(file)', actions);
