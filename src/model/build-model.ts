/**
 * AST (already checked) -> Model. Runs only when the checks found no error,
 * so every name here has a resolution; spans shrink to "file:line" origins.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { lineColOf } from '../diagnostics/source-file.ts';
import type * as A from '../syntax/ast.ts';
import type { CheckContext, GlobalDecl } from '../check/context.ts';
import { declsOf } from '../check/context.ts';
import { flattenConsumer } from '../check/flatten-consumer.ts';
import { buildConsumerStatus } from './consumer-status.ts';
import type * as M from './model.ts';
import { qualifierText } from '../syntax/qualifiers.ts';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

class Builder {
  private readonly ctx: CheckContext;
  private readonly sources: ReadonlyMap<string, SourceFile>;

  constructor(ctx: CheckContext, sources: ReadonlyMap<string, SourceFile>) {
    this.ctx = ctx;
    this.sources = sources;
  }

  origin(span: Span): string {
    const file = this.sources.get(span.file);
    return file ? `${span.file}:${lineColOf(file, span.start).line}` : span.file;
  }

  expr(e: A.Expr): M.MExpr {
    const r = this.ctx.resolutions.get(e);
    switch (e.kind) {
      case 'num':
        return { op: 'const', value: hex(e.value) };
      case 'bool':
        return { op: 'bool', value: e.value };
      case 'name':
      case 'member':
        return this.resolved(e, r);
      case 'slice':
        return {
          op: 'slice',
          object: this.expr(e.object),
          hi: this.expr(e.hi),
          lo: this.expr(e.lo),
        };
      case 'index': {
        const table = this.expr(e.object);
        const isTable = table.op === 'table' || (table.op === 'prop' && this.isTableProp(e.object));
        return isTable
          ? { op: 'lookup', table, key: this.expr(e.index) }
          : { op: 'bit', object: table, index: this.expr(e.index) };
      }
      case 'call':
        return { op: 'call', fn: e.fn.name, args: e.args.map((a) => this.expr(a)) };
      case 'unary':
        return { op: e.op, arg: this.expr(e.operand) };
      case 'binary':
        return { op: 'bin', kind: e.op, a: this.expr(e.left), b: this.expr(e.right) };
      case 'cond':
        return {
          op: 'cond',
          test: this.expr(e.test),
          then: this.expr(e.then),
          otherwise: this.expr(e.otherwise),
        };
      case 'inSet':
        return { op: 'inSet', value: this.expr(e.value), items: e.items.map((i) => this.expr(i)) };
      case 'inRange':
        return {
          op: 'inRange',
          value: this.expr(e.value),
          lo: hex(e.lo.value),
          hi: hex(e.hi.value),
        };
      case 'inTable':
        return { op: 'inTable', value: this.expr(e.value), table: this.expr(e.table) };
      case 'ranges':
        return {
          op: 'ranges',
          items: e.items.map((i) => ({
            action: this.expr(i.action),
            lo: hex(i.lo.value),
            hi: hex(i.hi.value),
          })),
        };
      case 'bits':
        return {
          op: 'bits',
          variable: e.variable.name,
          lo: Number(e.lo.value),
          hi: Number(e.hi.value),
          cond: this.expr(e.cond),
        };
    }
  }

  private isTableProp(e: A.Expr): boolean {
    if (e.kind !== 'member') return false;
    const name = e.name.name;
    if (name === 'fixed_event') return true;
    return declsOf(this.ctx.files, 'pmu').some((p) =>
      p.items.some((i) => i.kind === 'table' && i.name.name === name),
    );
  }

  private resolved(
    e: A.Expr & { kind: 'name' | 'member' },
    r: ReturnType<CheckContext['resolutions']['get']>,
  ): M.MExpr {
    if (!r) throw new Error(`internal: unresolved expression at ${this.origin(e.span)}`);
    switch (r.kind) {
      case 'var':
        return { op: 'var', name: r.name };
      case 'const':
        return r.enumName
          ? { op: 'const', value: hex(r.value), enum: r.enumName }
          : { op: 'const', value: hex(r.value) };
      case 'register':
        return { op: 'register', name: r.name };
      case 'feature':
        return { op: 'feature', name: r.name };
      case 'pmu':
        return { op: 'pmu', name: r.name };
      case 'table':
        return { op: 'table', name: r.name };
      case 'field':
        if (e.kind !== 'member') break;
        return { op: 'field', object: this.expr(e.object), lsb: r.lsb, width: r.width };
      case 'prop':
        if (e.kind !== 'member') break;
        return { op: 'prop', object: this.expr(e.object), name: r.name };
      case 'namespace':
        break;
    }
    throw new Error(`internal: ${r.kind} used as a value at ${this.origin(e.span)}`);
  }

  outcome(o: A.Outcome): M.MOutcome {
    switch (o.kind) {
      case 'refuse':
        return { kind: 'refuse', code: o.code?.name ?? '', message: o.text?.value ?? '' };
      case 'software':
        return {
          kind: 'software',
          ...(o.code ? { code: o.code.name } : {}),
          message: o.text?.value ?? '',
        };
      case 'direct':
        return { kind: 'direct', message: o.text?.value ?? '' };
      case 'perf':
        return {
          kind: 'perf',
          attrs: o.attrs.map((a) => ({ name: a.name.name, value: this.expr(a.value) })),
        };
      case 'generic':
        return {
          kind: 'generic',
          ...this.genericTarget(o.event),
          event: this.expr(o.event),
          attrs: o.attrs.map((a) => ({ name: a.name.name, value: this.expr(a.value) })),
        };
    }
  }

  /** The perf target and type a generic outcome's event belongs to, from its type. */
  private genericTarget(e: A.Expr): { target: string; type: string; typeValue: string } {
    const found = this.ctx.perfEvents.get(e);
    const decl = found ? this.ctx.symbols.globals.get(found.target) : undefined;
    const t =
      decl?.kind === 'target' ? decl.types.find((x) => x.name.name === found?.type) : undefined;
    if (!found || !t)
      throw new Error(`internal: untyped generic outcome at ${this.origin(e.span)}`);
    return { target: found.target, type: found.type, typeValue: hex(t.value.value) };
  }

  register(r: A.RegisterDecl, cpuid?: A.CpuidDecl): M.MRegister {
    const fields = [...r.fields]
      .sort((a, b) => Number(b.bits.lsb.value - a.bits.lsb.value))
      .map((f): M.MField => {
        const reserved = f.name.name === 'res0' || f.name.name === 'res1' ? f.name.name : undefined;
        return {
          name: f.name.name,
          msb: Number(f.bits.msb.value),
          lsb: Number(f.bits.lsb.value),
          ...(reserved ? { reserved } : {}),
          ...(f.type ? { enum: f.type.name } : {}),
          ...(f.text ? { doc: f.text.value } : {}),
          ...(f.negative || r.negative ? { negative: true } : {}),
          ...(f.gate ? { gate: this.expr(f.gate) } : {}),
          origin: this.origin(f.span),
        };
      });
    return {
      name: r.name.name,
      width: Number(r.width.value),
      ...(r.text ? { doc: r.text.value } : {}),
      origin: this.origin(r.span),
      ...(r.index
        ? {
            index: {
              variable: r.index.variable.name,
              lo: Number(r.index.lo.value),
              hi: Number(r.index.hi.value),
            },
          }
        : {}),
      ...(cpuid
        ? {
            cpuid: {
              leaf: hex(cpuid.leaf.value),
              ...(cpuid.subleaf ? { subleaf: hex(cpuid.subleaf.value) } : {}),
              reg: r.name.name.slice(cpuid.name.name.length + 1),
            },
          }
        : {}),
      ...(r.negative ? { negative: true } : {}),
      ...(r.below ? { below: this.expr(r.below) } : {}),
      fields,
    };
  }

  table(t: A.TableDecl, name = t.name.name): M.MTable {
    return {
      name,
      keyType: t.keyType.name,
      valueType: t.valueType.name,
      ...(t.text ? { doc: t.text.value } : {}),
      origin: this.origin(t.span),
      entries: t.entries.map((en) => ({
        key: constValue(this.expr(en.key)),
        value: constValue(this.expr(en.value)),
        ...(en.text ? { doc: en.text.value } : {}),
        origin: this.origin(en.span),
      })),
    };
  }

  pmu(p: A.PmuDecl, pmuTables: M.MTable[]): M.MPmu {
    const chain: A.PmuDecl[] = [];
    for (let cur: A.PmuDecl | undefined = p; cur && !chain.includes(cur);) {
      chain.push(cur);
      const parent: GlobalDecl | undefined = cur.parent
        ? this.ctx.symbols.globals.get(cur.parent.name)
        : undefined;
      cur = parent?.kind === 'pmu' ? parent : undefined;
    }
    const props = new Map<string, M.MPmu['props'][number]>();
    let counters: A.CounterDecl[] | undefined;
    for (const decl of [...chain].reverse()) {
      const own = decl.items.filter((i): i is A.CounterDecl => i.kind === 'counter');
      if (own.length > 0) counters = own;
      for (const item of decl.items) {
        if (item.kind === 'let') {
          props.set(item.name.name, {
            name: item.name.name,
            value: this.expr(item.value),
            origin: this.origin(item.span),
          });
        } else if (item.kind === 'table') {
          const tableName = `${decl.name.name}.${item.name.name}`;
          if (decl === p) pmuTables.push(this.table(item, tableName));
          props.set(item.name.name, {
            name: item.name.name,
            table: tableName,
            origin: this.origin(item.span),
          });
        }
      }
    }
    return {
      name: p.name.name,
      ...(p.parent ? { parent: p.parent.name } : {}),
      ...(p.id ? { id: Number(p.id.value) } : {}),
      ...(p.text ? { doc: p.text.value } : {}),
      origin: this.origin(p.span),
      props: [...props.values()],
      counters: (counters ?? []).map((c) => ({
        lo: Number(c.lo.value),
        hi: Number(c.hi.value),
        ...(c.fixed ? { fixed: this.expr(c.fixed) } : {}),
        ...(c.via ? { via: c.via.name } : {}),
        ...(c.gate ? { gate: this.expr(c.gate) } : {}),
        ...(c.text ? { doc: c.text.value } : {}),
        origin: this.origin(c.span),
      })),
    };
  }

  explore(x: A.ExploreDecl): M.MExplore {
    const iface = this.ctx.symbols.globals.get(x.iface.name);
    return {
      interface: x.iface.name,
      ...(x.text ? { doc: x.text.value } : {}),
      origin: this.origin(x.span),
      dimensions: x.dimensions.map((d) => {
        const input =
          iface?.kind === 'interface'
            ? iface.items.find((i) => i.kind === 'input' && i.name?.name === d.input.name)
            : undefined;
        const reg = input?.type ? this.ctx.symbols.registers.get(input.type.name) : undefined;
        const f = d.field ? reg?.fields.find((x) => x.name.name === d.field?.name) : undefined;
        const field = f
          ? {
              name: f.name.name,
              lsb: Number(f.bits.lsb.value),
              width: Number(f.bits.msb.value - f.bits.lsb.value) + 1,
            }
          : undefined;
        return {
          input: d.input.name,
          ...(field ? { field } : {}),
          values: dimensionValues(d, (e) => this.expr(e)),
          ...(d.text ? { doc: d.text.value } : {}),
        };
      }),
    };
  }

  step(s: A.Step): M.MStep {
    const origin = this.origin(s.span);
    switch (s.kind) {
      case 'let':
        return { kind: 'let', name: s.name.name, value: this.expr(s.value), origin };
      case 'output':
        return { kind: 'output', name: s.name.name, value: this.expr(s.value), origin };
      case 'when':
        return {
          kind: 'when',
          ...(s.label ? { label: s.label.name } : {}),
          condition: this.expr(s.condition),
          outcome: this.outcome(s.outcome),
          origin,
        };
      case 'final':
        return { kind: 'final', outcome: this.outcome(s.outcome), origin };
      case 'warn':
        return {
          kind: 'warn',
          ...(s.label ? { label: s.label.name } : {}),
          condition: this.expr(s.condition),
          message: s.text.value,
          origin,
        };
      case 'drop':
        throw new Error(`internal: drop step survived flattening at ${origin}`);
    }
  }

  expectItem(i: A.ExpectItem): M.MExpectItem {
    switch (i.kind) {
      case 'refuse':
        return { kind: 'refuse', code: i.code.name };
      case 'software':
        return { kind: 'software' };
      case 'direct':
        return { kind: 'direct' };
      case 'perf':
        return {
          kind: 'perf',
          attrs: i.attrs.map((a) => ({ name: a.name.name, value: this.expr(a.value) })),
        };
      case 'generic':
        return { kind: 'generic', event: this.expr(i.event) };
      case 'output':
        return { kind: 'output', name: i.name.name, value: this.expr(i.value) };
    }
  }
}

/** Every value of a dimension, as "0x.." or "true"/"false". */
function dimensionValues(d: A.Dimension, expr: (e: A.Expr) => M.MExpr): string[] {
  const v = d.values;
  if (v.kind === 'range') {
    const out: string[] = [];
    for (let i = v.lo.value; i <= v.hi.value; i++) out.push(hex(i));
    return out;
  }
  if (v.kind === 'subsets') {
    const bits = Number(v.hi.value - v.lo.value) + 1;
    return Array.from({ length: 2 ** bits }, (_, m) => hex(BigInt(m) << v.lo.value));
  }
  return v.items.map((i) => {
    const e = expr(i);
    return e.op === 'bool' ? String(e.value) : constValue(e);
  });
}

/** A table key or value must be a constant (checked); keep its hex text. */
function constValue(e: M.MExpr): string {
  if (e.op === 'const') return e.value;
  if (e.op === 'bool') return e.value ? '0x1' : '0x0';
  throw new Error('internal: table entry is not a constant');
}

/** Build the model of checked files. */
export function buildModel(ctx: CheckContext, sources: ReadonlyMap<string, SourceFile>): M.Model {
  const b = new Builder(ctx, sources);
  const files = ctx.files;
  const pmuTables: M.MTable[] = [];
  const pmus = declsOf(files, 'pmu').map((p) => b.pmu(p, pmuTables));
  return {
    targets: declsOf(files, 'target').map((t) => ({
      name: t.name.name,
      ...(t.text ? { doc: t.text.value } : {}),
      origin: b.origin(t.span),
      types: t.types.map((ty) => ({
        name: ty.name.name,
        value: hex(ty.value.value),
        ...(ty.text ? { doc: ty.text.value } : {}),
        ...(ty.ids ? { ids: ty.ids.map((m) => member(b, m)) } : {}),
        origin: b.origin(ty.span),
      })),
    })),
    enums: declsOf(files, 'enum').map((e) => ({
      name: e.name.name,
      kind: e.isEvents ? 'events' : 'enum',
      width: Number(e.width.value),
      ...(e.text ? { doc: e.text.value } : {}),
      origin: b.origin(e.span),
      members: e.members.map((m) => member(b, m)),
    })),
    registers: [
      ...declsOf(files, 'register').map((r) => b.register(r)),
      ...declsOf(files, 'cpuid').flatMap((c) => c.registers.map((r) => b.register(r, c))),
    ],
    features: declsOf(files, 'feature').map((f) => ({
      name: f.name.name,
      condition: b.expr(f.condition),
      ...(f.text ? { doc: f.text.value } : {}),
      origin: b.origin(f.span),
    })),
    tables: [...declsOf(files, 'table').map((t) => b.table(t)), ...pmuTables],
    reasons: declsOf(files, 'reasons').flatMap((g) =>
      g.reasons.map((r) => ({
        code: r.name.name,
        group: g.name.name,
        ...(r.id ? { id: Number(r.id.value) } : {}),
        doc: r.text.value,
        origin: b.origin(r.span),
      })),
    ),
    pmus,
    interfaces: declsOf(files, 'interface').map((i) => ({
      name: i.name.name,
      ...(i.text ? { doc: i.text.value } : {}),
      origin: b.origin(i.span),
      inputs: i.items
        .filter((x) => x.kind === 'input')
        .map((x) => ({
          name: x.name?.name ?? '',
          type: x.type?.name ?? '',
          ...(x.range
            ? {
                range: {
                  lo: `0x${x.range.lo.value.toString(16)}`,
                  hi: `0x${x.range.hi.value.toString(16)}`,
                },
              }
            : {}),
          ...(x.default ? { default: b.expr(x.default) } : {}),
          ...(x.role ? { role: x.role.name } : {}),
          ...(x.text ? { doc: x.text.value } : {}),
        })),
      outputs: i.items
        .filter((x) => x.kind === 'output')
        .map((x) => ({
          name: x.name?.name ?? '',
          type: x.type?.name ?? '',
          ...(x.role ? { role: x.role.name } : {}),
          ...(x.text ? { doc: x.text.value } : {}),
        })),
      outcome: i.items.some((x) => x.kind === 'outcome'),
    })),
    consumers: declsOf(files, 'consumer').map((c) => ({
      name: c.name.name,
      implements: c.implements.name,
      ...(c.parent ? { parent: c.parent.name } : {}),
      ...(c.text ? { doc: c.text.value } : {}),
      ...(c.status ? { status: buildConsumerStatus(c.status) } : {}),
      origin: b.origin(c.span),
      steps: flattenConsumer(c, ctx.symbols.consumers).map((f) => b.step(f.step)),
    })),
    examples: declsOf(files, 'example').map((x) => ({
      title: x.title.value,
      ...(x.cite ? { cite: x.cite.value } : {}),
      on: x.on.name,
      origin: b.origin(x.span),
      given: x.given.map((g) => ({ name: g.name.name, value: b.expr(g.value) })),
      expects: x.expects.map((ex) => ({
        ...(ex.consumer ? { consumer: ex.consumer.name } : {}),
        items: ex.items.map((i) => b.expectItem(i)),
        origin: b.origin(ex.span),
      })),
    })),
    archs: declsOf(files, 'arch').map((a) => ({
      name: a.name.name,
      ...(a.text ? { doc: a.text.value } : {}),
      origin: b.origin(a.span),
      commands: a.commands.map((c) => ({
        name: c.name.name,
        interface: c.iface.name,
        consumer: c.consumer.name,
        ...(c.over ? { over: c.over.name } : {}),
        ...(c.identity
          ? {
              identity: {
                command: c.identity.command.name,
                slot: c.identity.slot.name,
                ...(c.identity.vendor ? { vendor: c.identity.vendor.value } : {}),
              },
            }
          : {}),
        ...(c.text ? { doc: c.text.value } : {}),
      })),
      modes: a.modes.map((m) => ({
        name: m.name.name,
        consumer: m.consumer.name,
        ...(m.text ? { doc: m.text.value } : {}),
      })),
      ...(a.cpuCommands?.length
        ? {
            cpuCommands: a.cpuCommands.map((c) =>
              buildCpuCommand(c, b, (e) => cpuConstant(e, files)),
            ),
          }
        : {}),
      ...(a.host.length ? { host: buildHost(a.host, (e) => constValue(b.expr(e))) } : {}),
      ...(a.defaultLeaves?.[0] ? { defaultLeaf: leafNumber(ctx, a.defaultLeaves[0].leaf) } : {}),
      ...(a.guestKeys
        ? { guestKeys: a.guestKeys.map((k) => ({ key: k.key.name, consumer: k.consumer.name })) }
        : {}),
      ...(a.vendor.length
        ? {
            vendor: a.vendor.map((v) => ({
              pmu: v.pmu.name,
              arches: v.arches.map((x) => x.value),
              command: v.command.name,
              given: v.given.map((g) => ({ input: g.name.name, ...vendorValue(g.value) })),
              ...(v.text ? { doc: v.text.value } : {}),
              origin: b.origin(v.span),
            })),
          }
        : {}),
    })),
    functions: declsOf(files, 'fn').map((f) => ({
      name: f.name.name,
      params: f.params.map((p) => ({ name: p.name.name, type: p.type.name })),
      returns: f.returns.name,
      body: b.expr(f.body),
      ...(f.text ? { doc: f.text.value } : {}),
      origin: b.origin(f.span),
    })),
    explores: declsOf(files, 'explore').map((x) => b.explore(x)),
    cores: declsOf(files, 'core').map((c) => buildCore(c, (span) => b.origin(span))),
    systems: declsOf(files, 'system').map((s) => ({
      name: s.name.name,
      ...(s.text ? { doc: s.text.value } : {}),
      cores: s.cores.map((c) => c.name),
      origin: b.origin(s.span),
    })),
  };
}

function member(b: Builder, m: A.Member): M.MMember {
  return {
    name: m.name.name,
    value: hex(m.value.value),
    ...(m.text ? { doc: m.text.value } : {}),
    origin: b.origin(m.span),
  };
}

/** The leaf number ("0x..") of the cpuid declaration `name` names (checked). */
function leafNumber(ctx: CheckContext, name: A.Ident): string {
  const decl = ctx.symbols.globals.get(name.name);
  if (decl?.kind !== 'cpuid') throw new Error(`internal: '${name.name}' is not a cpuid leaf`);
  return hex(decl.leaf.value);
}

function buildHost(items: readonly A.HostItem[], constant: (e: A.Expr) => string): M.MHost {
  const doc = (t: A.Text | undefined) => (t ? { doc: t.value } : {});
  const devices: M.MHost['devices'][number][] = [];
  const markers: NonNullable<M.MHost['markers']>[number][] = [];
  const rules: M.MHost['rules'][number][] = [];
  let cpu: M.MHost['cpu'];
  let guest: M.MHost['guest'];
  const whenOf = (w: A.DeviceWhen | undefined) =>
    w ? { when: { dir: w.dir.name, name: w.name.name, glob: w.glob.value } } : {};
  for (const i of items) {
    if (i.item === 'marker') {
      markers.push({
        pattern: i.pattern.value,
        ...whenOf(i.when),
        ...doc(i.text),
        absent: i.absent.value,
      });
    } else if (i.item === 'device') {
      const when = i.when && {
        dir: i.when.dir.name,
        name: i.when.name.name,
        glob: i.when.glob.value,
      };
      devices.push({
        pattern: i.pattern.value,
        pmu: i.pmu.name,
        ...(when ? { when } : {}),
        ...doc(i.text),
      });
    } else if (i.item === 'rule') {
      rules.push({
        role: i.role.name,
        interface: i.iface.name,
        consumer: i.consumer.name,
        ...doc(i.text),
      });
    } else if (i.item === 'cpu') {
      cpu = { path: i.path.value, mask: `0x${i.mask.value.toString(16)}`, enum: i.enumName.name };
    } else {
      guest = {
        command: i.command.name,
        modes: i.modes.map((m) => ({ plan: m.plan.name, mode: m.mode.name, ...doc(m.text) })),
        given: i.given.map((g) => ({
          input: g.name.name,
          fact: g.value.kind === 'name' ? g.value.name : '',
        })),
        // Check requires every counter's event (PM2354), a constant (PM2355).
        counters: i.counters.map((c) => ({
          name: c.name.name,
          index: Number(c.index.value),
          event: c.event ? constant(c.event) : '0x0',
        })),
        events: i.events.map((e) => ({ enum: e.enumName.name, counter: Number(e.counter.value) })),
      };
    }
  }
  return {
    devices,
    ...(markers.length > 0 ? { markers } : {}),
    rules,
    ...(cpu ? { cpu } : {}),
    ...(guest ? { guest } : {}),
  };
}

function buildCore(c: A.CoreDecl, origin: (span: Span) => string): M.MCore {
  const hex = (n: A.NumberLit) => `0x${n.value.toString(16)}`;
  return {
    name: c.name.name,
    ...(c.text ? { doc: c.text.value } : {}),
    pmu: c.pmu.name,
    origin: origin(c.span),
    ...(c.source ? { source: c.source.value } : {}),
    ...(c.id ? { id: hex(c.id.value), ...(c.id.text ? { idDoc: c.id.text.value } : {}) } : {}),
    ...(c.arch ? { arch: c.arch.value } : {}),
    ...(c.counters ? { counters: Number(c.counters.value) } : {}),
    fixed: c.fixed.map((f) => ({
      index: Number(f.index.value),
      ...(f.code ? { code: hex(f.code) } : {}),
      ...(f.umask ? { umask: hex(f.umask) } : {}),
      name: f.name.value,
      record: Number(f.record.value),
      origin: origin(f.span),
    })),
    common: c.common.map((x) => ({
      code: hex(x.code),
      name: x.name.name,
      record: Number(x.record.value),
      origin: origin(x.span),
    })),
    events: c.events.map((e) => ({
      code: hex(e.code),
      ...(e.umask ? { umask: hex(e.umask) } : {}),
      ...(e.qualifiers.length ? { qualifiers: qualifierText(e) } : {}),
      name: e.name.value,
      record: Number(e.record.value),
      origin: origin(e.span),
    })),
  };
}

/** A `vendor` binding's value: a number, a core fact, or `number | fact` (checked by report-vendor-bindings). */
/** A number or an enum member of a whole-CPU command, as "0x.." (report-cpu-commands.ts checked it). */
function cpuConstant(e: A.Expr, files: readonly A.FileAst[]): string {
  if (e.kind === 'num') return `0x${e.value.toString(16)}`;
  if (e.kind === 'member' && e.object.kind === 'name') {
    const object = e.object.name;
    const en = declsOf(files, 'enum').find((x) => x.name.name === object);
    const m = en?.members.find((x) => x.name.name === e.name.name);
    if (m) return `0x${m.value.value.toString(16)}`;
  }
  throw new Error('internal: a whole-CPU command value is not a constant');
}

/** A whole-CPU command (checked by report-cpu-commands.ts, so every part is there). */
function buildCpuCommand(
  c: A.ArchCpuCommand,
  b: Builder,
  constant: (e: A.Expr) => string,
): M.MCpuCommand {
  const step = (s: { iface: A.Ident; consumer: A.Ident } | undefined): M.MCpuStep => ({
    interface: s?.iface.name ?? '',
    consumer: s?.consumer.name ?? '',
  });
  return {
    name: c.name.name,
    ...(c.text ? { doc: c.text.value } : {}),
    origin: b.origin(c.span),
    vendorString: c.vendorString.map((r) => r.name),
    encode: step(c.encode),
    identify: step(c.identify),
    vendors: c.vendors.map((v) => ({
      match: v.match.map(constant),
      given: v.given.map((g) =>
        g.value.kind === 'name'
          ? { input: g.name.name, output: g.value.name }
          : g.value.kind === 'bool'
            ? { input: g.name.name, value: String(g.value.value) }
            : { input: g.name.name, value: constant(g.value) },
      ),
      slots: v.slots.map((s) => ({
        slot: s.slot.name,
        interface: s.iface.name,
        ...(s.consumer ? { consumer: s.consumer.name } : {}),
        ...(s.over ? { over: s.over.name } : {}),
        ...(s.text ? { doc: s.text.value } : {}),
      })),
      origin: b.origin(v.span),
    })),
  };
}

function vendorValue(e: A.Expr): { fact?: string; value?: string } {
  if (e.kind === 'num') return { value: `0x${e.value.toString(16)}` };
  if (e.kind === 'name') return { fact: e.name };
  if (e.kind === 'binary' && e.op === '|') {
    const a = vendorValue(e.left);
    const b = vendorValue(e.right);
    return { ...a, ...b };
  }
  return {};
}
