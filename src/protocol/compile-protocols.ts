/**
 * Protocols and machines, AST -> model, reporting what is wrong with them
 * (PM2400-PM2422; the exploring checks PM2410/PM2411 are in
 * analyze-machines.ts). Run twice: by the checker for its diagnostics and
 * by the model builder for the model, so it keeps no state.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { MessageId } from '../diagnostics/messages.ts';
import type * as A from '../syntax/ast.ts';
import type * as P from '../syntax/protocol-ast.ts';
import type {
  MMachine,
  MProtocol,
  PCall,
  PEffect,
  PExplore,
  PHostRecord,
  PParam,
  PStateVar,
  PStep,
  PType,
} from '../model/protocol-model.ts';
import { buildConsumerStatus } from '../model/consumer-status.ts';
import { oneOf } from '../check/context.ts';
import { flattenMachine, labelIndex, machineParent } from './flatten-machine.ts';
import type { ExprScope, Kind } from './resolve-expr.ts';
import { kindOfType, resolveAny, resolveExpr } from './resolve-expr.ts';

export interface ProtocolInputs {
  readonly files: readonly A.FileAst[];
  readonly report: (
    id: MessageId,
    span: Span,
    args: readonly (string | number)[],
    related?: readonly { message: string; span: Span }[],
  ) => void;
  readonly origin: (span: Span) => string;
}

export interface CompiledProtocols {
  readonly protocols: readonly MProtocol[];
  readonly machines: readonly MMachine[];
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

function declsOf<K extends A.Decl['kind']>(files: readonly A.FileAst[], kind: K) {
  return files.flatMap((f) =>
    f.decls.filter((d): d is Extract<A.Decl, { kind: K }> => d.kind === kind),
  );
}

/** A constant's value as the model writes it, or undefined (PM2419 reported). */
function constant(
  e: A.Expr,
  type: PType,
  enums: ReadonlyMap<string, A.EnumDecl>,
  what: string,
  report: ProtocolInputs['report'],
): string | undefined {
  const kind = kindOfType(type);
  if (e.kind === 'bool' && kind === 'bool') return String(e.value);
  if (e.kind === 'num' && kind === 'int') return hex(e.value);
  if (e.kind === 'member' && e.object.kind === 'name' && kind === 'int') {
    const en = enums.get(e.object.name);
    const m = en?.members.find((x) => x.name.name === e.name.name);
    if (m) return hex(m.value.value);
  }
  if ((e.kind === 'bool' && kind === 'int') || (e.kind === 'num' && kind === 'bool')) {
    report('ProtocolTypeMismatch', e.span, [
      kind === 'bool' ? 'a boolean' : 'an integer',
      kind === 'bool' ? 'an integer' : 'a boolean',
    ]);
    return undefined;
  }
  report('ProtocolNotConstant', e.span, [what]);
  return undefined;
}

class ProtocolCompiler {
  private readonly enums = new Map<string, A.EnumDecl>();
  private readonly input: ProtocolInputs;
  constructor(input: ProtocolInputs) {
    this.input = input;
    for (const e of declsOf(input.files, 'enum')) this.enums.set(e.name.name, e);
  }

  private get report() {
    return this.input.report;
  }

  type(ref: A.TypeRef, what: string, allowFlag: boolean): PType | undefined {
    const n = ref.name;
    if (n === 'bool') return { kind: 'bool' };
    if (n === 'flag' && allowFlag) return { kind: 'flag' };
    const m = /^u(\d+)$/.exec(n);
    if (m && Number(m[1]) >= 1 && Number(m[1]) <= 64) return { kind: 'int', width: Number(m[1]) };
    const en = this.enums.get(n);
    if (en) return { kind: 'enum', name: n, width: Number(en.width.value) };
    this.report('ProtocolUnknownType', ref.span, [n, what, allowFlag ? ', or flag' : '']);
    return undefined;
  }

  params(list: readonly P.ProtocolParam[], owner: string): PParam[] | undefined {
    const out: PParam[] = [];
    let ok = true;
    for (const p of list) {
      if (out.some((o) => o.name === p.name.name)) {
        this.report('ProtocolDuplicate', p.name.span, ['parameter', p.name.name, owner]);
        ok = false;
        continue;
      }
      const type = this.type(p.type, 'parameter', true);
      if (!type) {
        ok = false;
        continue;
      }
      if (p.default && type.kind === 'flag') {
        this.report('ProtocolNoFlagDefault', p.default.span, [p.name.name]);
        ok = false;
        continue;
      }
      const d = p.default
        ? constant(p.default, type, this.enums, `the default of '${p.name.name}'`, this.report)
        : undefined;
      if (p.default && d === undefined) ok = false;
      out.push({ name: p.name.name, type, ...(d !== undefined ? { default: d } : {}) });
    }
    return ok ? out : undefined;
  }

  protocol(decl: P.ProtocolDecl, archs: ReadonlySet<string>): MProtocol | undefined {
    const { report } = this;
    let ok = true;
    if (!archs.has(decl.arch.name)) {
      report('ProtocolUnknownArch', decl.arch.span, [decl.arch.name, oneOf(archs)]);
      ok = false;
    }
    const errnos: MProtocol['errnos'][number][] = [];
    const hosts: PHostRecord[] = [];
    const state: PStateVar[] = [];
    const calls: PCall[] = [];
    const seen = new Map<string, Span>();
    const unique = (key: string, what: string, name: A.Ident): boolean => {
      const first = seen.get(key);
      if (first) {
        report(
          'ProtocolDuplicate',
          name.span,
          [what, name.name, decl.name.name],
          [{ message: `'${name.name}' is first declared here`, span: first }],
        );
        ok = false;
        return false;
      }
      seen.set(key, name.span);
      return true;
    };
    const doc = (t?: A.Text) => (t ? { doc: t.value } : {});
    for (const item of decl.items) {
      switch (item.item) {
        case 'errno':
          if (unique(`errno:${item.name.name}`, 'errno', item.name)) {
            errnos.push({
              name: item.name.name,
              value: Number(item.value.value),
              ...doc(item.text),
              origin: this.input.origin(item.span),
            });
          }
          break;
        case 'host': {
          if (!unique(`host:${item.name.name}`, 'host record', item.name)) break;
          const params = this.params(item.params, `host ${item.name.name}`);
          if (!params) {
            ok = false;
            break;
          }
          hosts.push({
            name: item.name.name,
            fields: params.map((p) => ({ name: p.name, type: p.type })),
            ...doc(item.text),
            origin: this.input.origin(item.span),
          });
          break;
        }
        case 'state': {
          const scope = item.scope.name;
          if (scope !== 'vm' && scope !== 'vcpu') {
            report('ProtocolBadScope', item.scope.span, [scope]);
            ok = false;
            break;
          }
          if (!unique(`state:${scope}.${item.name.name}`, 'state variable', item.name)) break;
          const type = this.type(item.type, 'state variable', false);
          const init = type
            ? constant(
                item.init,
                type,
                this.enums,
                `the initial value of '${item.name.name}'`,
                report,
              )
            : undefined;
          if (!type || init === undefined) {
            ok = false;
            break;
          }
          state.push({
            scope,
            name: item.name.name,
            type,
            init,
            ...doc(item.text),
            origin: this.input.origin(item.span),
          });
          break;
        }
        case 'call': {
          const name = `${item.subject.name}.${item.verb.name}`;
          if (!unique(`call:${name}`, 'call', item.verb)) break;
          const params = this.params(item.params, name);
          if (!params) {
            ok = false;
            break;
          }
          calls.push({
            name,
            subject: item.subject.name,
            verb: item.verb.name,
            perVcpu: item.subject.name === 'vcpu',
            params,
            ...doc(item.text),
            origin: this.input.origin(item.span),
          });
          break;
        }
        case 'explore':
          break;
      }
    }
    let explore: PExplore | undefined;
    for (const item of decl.items) {
      if (item.item !== 'explore') continue;
      if (explore) {
        report('ProtocolDuplicate', item.span, ['explore', 'explore', decl.name.name]);
        ok = false;
        continue;
      }
      explore = this.explore(item, hosts, calls);
      if (!explore) ok = false;
    }
    if (!ok) return undefined;
    return {
      name: decl.name.name,
      arch: decl.arch.name,
      ...doc(decl.text),
      origin: this.input.origin(decl.span),
      errnos,
      hosts,
      state,
      calls,
      ...(explore ? { explore } : {}),
    };
  }

  explore(
    item: Extract<P.ProtocolItem, { item: 'explore' }>,
    hosts: readonly PHostRecord[],
    calls: readonly PCall[],
  ): PExplore | undefined {
    let ok = true;
    const outHosts: { record: string; values: string[] }[] = [];
    const values: { call: string; param: string; values: string[] }[] = [];
    for (const s of item.samples) {
      if (s.sample === 'host') {
        const r = hosts.find((h) => h.name === s.name.name);
        if (!r) {
          this.report('ProtocolUnknownName', s.name.span, [
            `host ${s.name.name}`,
            oneOf(hosts.map((h) => `host ${h.name}`)),
          ]);
          ok = false;
          continue;
        }
        if (r.fields.length !== s.args.length) {
          this.report('ProtocolHostArity', s.span, [r.name, r.fields.length, s.args.length]);
          ok = false;
          continue;
        }
        const vs = s.args.map((a, i) =>
          constant(a, r.fields[i]!.type, this.enums, `a host ${r.name} value`, this.report),
        );
        if (vs.some((v) => v === undefined)) ok = false;
        else outHosts.push({ record: r.name, values: vs as string[] });
      } else {
        const name = `${s.subject.name}.${s.verb.name}`;
        const call = calls.find((c) => c.name === name);
        if (!call) {
          this.report('ProtocolUnknownCall', s.verb.span, [
            name,
            '',
            oneOf(calls.map((c) => c.name)),
          ]);
          ok = false;
          continue;
        }
        const param = call.params.find((p) => p.name === s.param.name);
        if (!param) {
          this.report('ProtocolUnknownName', s.param.span, [
            s.param.name,
            oneOf(call.params.map((p) => p.name)),
          ]);
          ok = false;
          continue;
        }
        const vs = s.values.map((v) =>
          constant(v, param.type, this.enums, `a value of '${param.name}'`, this.report),
        );
        if (vs.some((v) => v === undefined)) ok = false;
        else values.push({ call: name, param: param.name, values: vs as string[] });
      }
    }
    if (!ok) return undefined;
    return {
      vcpus: Number(item.vcpus.value),
      hosts: outHosts,
      values,
      ...(item.text ? { doc: item.text.value } : {}),
    };
  }

  machines(protocols: readonly MProtocol[], decls: readonly P.MachineDecl[]): MMachine[] {
    const { report } = this;
    const byProtocol = new Map<string, Map<string, P.MachineDecl>>();
    const valid: P.MachineDecl[] = [];
    for (const m of decls) {
      const proto = protocols.find((p) => p.name === m.implements.name);
      if (!proto) {
        const declared = declsOf(this.input.files, 'protocol').some(
          (p) => p.name.name === m.implements.name,
        );
        // A protocol with errors of its own is not also unknown.
        if (!declared) {
          report('ProtocolUnknown', m.implements.span, [
            m.implements.name,
            oneOf(protocols.map((p) => p.name)),
          ]);
        }
        continue;
      }
      const group = byProtocol.get(proto.name) ?? new Map<string, P.MachineDecl>();
      byProtocol.set(proto.name, group);
      const first = group.get(m.name.name);
      if (first) {
        report(
          'ProtocolDuplicate',
          m.name.span,
          ['machine', m.name.name, proto.name],
          [{ message: `'${m.name.name}' is first declared here`, span: first.name.span }],
        );
        continue;
      }
      group.set(m.name.name, m);
      valid.push(m);
    }
    const out: MMachine[] = [];
    for (const m of valid) {
      const proto = protocols.find((p) => p.name === m.implements.name)!;
      const group = byProtocol.get(proto.name)!;
      const built = this.machine(m, proto, group);
      if (built) out.push(built);
    }
    void report;
    return out;
  }

  private machineNames(group: ReadonlyMap<string, P.MachineDecl>, name: A.Ident, proto: string) {
    if (group.has(name.name)) return true;
    this.report('ProtocolUnknownMachine', name.span, [name.name, proto, oneOf(group.keys())]);
    return false;
  }

  private machine(
    m: P.MachineDecl,
    proto: MProtocol,
    group: ReadonlyMap<string, P.MachineDecl>,
  ): MMachine | undefined {
    const { report } = this;
    let ok = true;
    if (m.parent && !this.machineNames(group, m.parent, proto.name)) ok = false;
    // A loop in extends.
    const chain = [m.name.name];
    for (let p = machineParent(m, group); p; p = machineParent(p, group)) {
      chain.push(p.name.name);
      if (p.name.name === m.name.name) {
        report('ProtocolExtendsLoop', m.name.span, [m.name.name, chain.join(' -> ')]);
        return undefined;
      }
      if (chain.length > group.size + 1) break;
    }
    const status = m.status;
    if (
      status?.kind === 'mainline' &&
      status.of &&
      !this.machineNames(group, status.of, proto.name)
    )
      ok = false;
    if (status?.kind === 'patch' && !this.machineNames(group, status.modifies, proto.name))
      ok = false;
    // Labels, `before` and `drop` against the parent's effective steps.
    const parent = machineParent(m, group);
    const inherited = parent ? flattenMachine(parent, group) : [];
    const labels = new Map<string, Span>();
    for (const s of m.steps) {
      if (s.kind === 'when' && s.label) {
        const first = labels.get(s.label.name);
        if (first) {
          report(
            'ProtocolDuplicate',
            s.label.span,
            ['label', s.label.name, m.name.name],
            [{ message: `'${s.label.name}' is first used here`, span: first }],
          );
          ok = false;
        } else labels.set(s.label.name, s.label.span);
      }
      const anchor = s.kind === 'drop' ? s.label : s.before;
      if (anchor && labelIndex(inherited, anchor.name) < 0) {
        const known = inherited.flatMap((f) =>
          f.step.kind === 'when' && f.step.label ? [f.step.label.name] : [],
        );
        report('ProtocolBadAnchor', anchor.span, [
          anchor.name,
          parent?.name.name ?? '(none)',
          m.name.name,
          oneOf(known),
        ]);
        ok = false;
      }
    }
    if (!ok) return undefined;
    const steps = this.steps(
      flattenMachine(m, group).map((f) => f.step),
      proto,
    );
    if (!steps) return undefined;
    return {
      name: m.name.name,
      protocol: proto.name,
      ...(m.parent ? { parent: m.parent.name } : {}),
      ...(m.text ? { doc: m.text.value } : {}),
      ...(m.status ? { status: buildConsumerStatus(m.status) } : {}),
      origin: this.input.origin(m.span),
      steps,
    };
  }

  private steps(flat: readonly P.MachineStep[], proto: MProtocol): PStep[] | undefined {
    const { report } = this;
    let ok = true;
    const out: PStep[] = [];
    const lets: { name: string; call?: string; kind: Kind }[] = [];
    const allParams = new Set(proto.calls.flatMap((c) => c.params.map((p) => p.name)));
    for (const s of flat) {
      if (s.kind === 'drop') continue;
      let calls = proto.calls;
      let callName: string | undefined;
      if (s.on) {
        callName = `${s.on.subject.name}.${s.on.verb.name}`;
        const call = proto.calls.find((c) => c.name === callName);
        if (!call) {
          report('ProtocolUnknownCall', s.on.span, [
            callName,
            proto.name,
            oneOf(proto.calls.map((c) => c.name)),
          ]);
          ok = false;
          continue;
        }
        calls = [call];
      }
      const visible = new Map(
        lets
          .filter((l) => l.call === undefined || l.call === callName)
          .map((l) => [l.name, l.kind]),
      );
      const scope: ExprScope = {
        enums: this.enums,
        state: proto.state,
        hosts: proto.hosts,
        calls,
        onCall: callName !== undefined,
        lets: visible,
        allParams,
        protocol: proto.name,
        report,
      };
      const origin = this.input.origin(s.span);
      const on = callName !== undefined ? { call: callName } : {};
      if (s.kind === 'let') {
        const t = resolveAny(scope, s.value);
        if (!t) {
          ok = false;
          continue;
        }
        lets.push({ name: s.name.name, ...on, kind: t.kind });
        out.push({ kind: 'let', ...on, name: s.name.name, value: t.expr, origin });
        continue;
      }
      const result = this.result(s.result, proto);
      const effects = this.effects(s.effects, scope, proto);
      const condition = s.kind === 'when' ? resolveExpr(scope, s.condition, 'bool') : undefined;
      if (result === undefined || !effects || (s.kind === 'when' && !condition)) {
        ok = false;
        continue;
      }
      out.push({
        kind: 'rule',
        ...on,
        ...(s.kind === 'when' && s.label ? { label: s.label.name } : {}),
        ...(condition ? { condition } : {}),
        result,
        effects,
        origin,
      });
    }
    return ok ? out : undefined;
  }

  private result(r: P.MachineResult, proto: MProtocol): string | undefined {
    if (r.kind === 'ok') {
      if (r.value.value === 0n) return '0';
      this.report('ProtocolNonzeroSuccess', r.span, [r.value.text]);
      return undefined;
    }
    if (proto.errnos.some((e) => e.name === r.name.name)) return `-${r.name.name}`;
    this.report('ProtocolUndeclaredErrno', r.name.span, [
      r.name.name,
      proto.name,
      oneOf(proto.errnos.map((e) => e.name)),
    ]);
    return undefined;
  }

  private effects(
    list: readonly P.MachineEffect[],
    scope: ExprScope,
    proto: MProtocol,
  ): PEffect[] | undefined {
    const out: PEffect[] = [];
    let ok = true;
    for (const e of list) {
      const s = e.scope.name;
      const v = proto.state.find((x) => x.scope === s && x.name === e.name.name);
      if (!v || (s !== 'vm' && s !== 'vcpu')) {
        this.report('ProtocolUnknownState', e.name.span, [
          `${s}.${e.name.name}`,
          proto.name,
          oneOf(proto.state.map((x) => `${x.scope}.${x.name}`)),
        ]);
        ok = false;
        continue;
      }
      if (s === 'vcpu') {
        const vmWide = scope.calls.find((c) => !c.perVcpu);
        if (vmWide) {
          this.report('ProtocolNoVcpu', e.span, [`vcpu.${e.name.name}`, vmWide.name]);
          ok = false;
          continue;
        }
      }
      const value = resolveExpr(scope, e.value, kindOfType(v.type));
      if (!value) {
        ok = false;
        continue;
      }
      out.push({ scope: s, name: v.name, value });
    }
    return ok ? out : undefined;
  }
}

/** Compile every protocol and machine of `files`, reporting through `input.report`. */
export function compileProtocols(input: ProtocolInputs): CompiledProtocols {
  const c = new ProtocolCompiler(input);
  const archs = new Set(declsOf(input.files, 'arch').map((a) => a.name.name));
  const protocols: MProtocol[] = [];
  const byArch = new Map<string, string>();
  const names = new Map<string, Span>();
  for (const decl of declsOf(input.files, 'protocol')) {
    const first = names.get(decl.name.name);
    if (first) {
      input.report(
        'ProtocolDuplicate',
        decl.name.span,
        ['protocol', decl.name.name, 'the tables'],
        [{ message: `'${decl.name.name}' is first declared here`, span: first }],
      );
      continue;
    }
    names.set(decl.name.name, decl.name.span);
    const owner = byArch.get(decl.arch.name);
    if (owner) {
      input.report('ProtocolTwoForArch', decl.arch.span, [decl.arch.name, owner]);
      continue;
    }
    byArch.set(decl.arch.name, decl.name.name);
    const p = c.protocol(decl, archs);
    if (p) protocols.push(p);
  }
  const machines = c.machines(protocols, declsOf(input.files, 'machine'));
  return { protocols, machines };
}
