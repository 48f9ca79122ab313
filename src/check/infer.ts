/**
 * Type inference for DSL expressions: assigns each expression its type,
 * reports mistakes into the bag (unless quiet), records what each name and
 * member means for the model builder, and returns `error` to stop cascades.
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext, GlobalDecl } from './context.ts';
import { oneOf } from './context.ts';
import type { Resolution } from './resolution.ts';
import type { Env, Ty } from './types.ts';
import {
  assignable,
  BOOL,
  BUILTINS,
  describe,
  ERROR,
  INT,
  isInt,
  RANGES,
  resolveType,
} from './types.ts';

function report(env: Env, ...args: Parameters<CheckContext['bag']['report']>): Ty {
  if (!env.quiet) env.ctx.bag.report(...args);
  return ERROR;
}

function record(env: Env, e: A.Expr, r: Resolution): void {
  env.ctx.resolutions.set(e, r);
}

function globalValue(env: Env, e: A.Expr & { kind: 'name' }, decl: GlobalDecl): Ty {
  switch (decl.kind) {
    case 'enum':
      record(env, e, { kind: 'namespace' });
      return { k: 'enumNs', name: decl.name.name };
    case 'target':
      record(env, e, { kind: 'namespace' });
      return { k: 'targetNs', name: decl.name.name };
    case 'table':
      record(env, e, { kind: 'table', name: decl.name.name });
      return tableType(env, decl);
    case 'pmu':
      record(env, e, { kind: 'pmu', name: decl.name.name });
      return { k: 'pmu', name: decl.name.name };
    case 'register':
      if (!env.context) break;
      record(env, e, { kind: 'register', name: decl.name.name });
      return { k: 'reg', name: decl.name.name };
    case 'cpuid':
      if (!env.context) break;
      record(env, e, { kind: 'namespace' });
      return { k: 'leafNs', name: decl.name.name };
    case 'feature':
      if (!env.context) break;
      record(env, e, { kind: 'feature', name: decl.name.name });
      return BOOL;
    default:
      break;
  }
  return report(env, 'TypeMismatch', e.span, [
    env.context ? 'a value' : 'a value (registers and features are only visible in gates)',
    `the ${decl.kind} '${e.name}'`,
  ]);
}

export function tableType(env: Env, decl: A.TableDecl): Ty {
  const quiet = true;
  return {
    k: 'table',
    key: resolveType(env.ctx, decl.keyType, quiet),
    value: resolveType(env.ctx, decl.valueType, quiet),
  };
}

function inferName(env: Env, e: A.Expr & { kind: 'name' }): Ty {
  const local = env.locals.get(e.name);
  if (local) {
    record(env, e, { kind: 'var', name: e.name });
    return local;
  }
  if (env.leaf && /^e[abcd]x$/.test(e.name)) {
    const name = `${env.leaf}.${e.name}`;
    record(env, e, { kind: 'register', name });
    return { k: 'reg', name };
  }
  const decl = env.ctx.symbols.globals.get(e.name);
  if (decl) return globalValue(env, e, decl);
  const visible = [...env.locals.keys()];
  return report(env, 'UndefinedName', e.span, [
    e.name,
    visible.length > 0
      ? `an input or let (${oneOf(visible, 6)}), an enum, a table or a pmu`
      : 'an enum, a table, a pmu' + (env.context ? ', a register or a feature' : ''),
  ]);
}

/** The property `name` of pmu `pmuName` (looked up through `extends`), and its type. */
export function pmuProperty(
  env: Env,
  pmuName: string,
  name: string,
  seen = new Set<string>(),
): Ty | undefined {
  const decl = env.ctx.symbols.globals.get(pmuName);
  if (decl?.kind !== 'pmu' || seen.has(pmuName)) return undefined;
  seen.add(pmuName);
  for (const item of decl.items) {
    if (item.kind === 'let' && item.name.name === name) {
      return inferExpr(
        { ctx: env.ctx, locals: new Map(), context: false, quiet: true },
        item.value,
      );
    }
    if (item.kind === 'table' && item.name.name === name) return tableType(env, item);
  }
  if (name === 'fixed_event' || name === 'counters') {
    return name === 'counters' ? INT : { k: 'table', key: INT, value: INT };
  }
  return decl.parent ? pmuProperty(env, decl.parent.name, name, seen) : undefined;
}

function pmuPropertyNames(env: Env, pmuName: string, seen = new Set<string>()): string[] {
  const decl = env.ctx.symbols.globals.get(pmuName);
  if (decl?.kind !== 'pmu' || seen.has(pmuName)) return [];
  seen.add(pmuName);
  const own = decl.items.flatMap((i) => (i.kind === 'counter' ? [] : [i.name.name]));
  return [...own, ...(decl.parent ? pmuPropertyNames(env, decl.parent.name, seen) : [])];
}

function inferMember(env: Env, e: A.Expr & { kind: 'member' }): Ty {
  const object = inferExpr(env, e.object);
  const name = e.name.name;
  const { globals, registers } = env.ctx.symbols;
  switch (object.k) {
    case 'enumNs': {
      const decl = globals.get(object.name);
      const member =
        decl?.kind === 'enum' ? decl.members.find((m) => m.name.name === name) : undefined;
      if (!member || decl?.kind !== 'enum') {
        const names = decl?.kind === 'enum' ? decl.members.map((m) => m.name.name) : [];
        return report(env, 'UnknownMember', e.name.span, [object.name, name, oneOf(names)]);
      }
      record(env, e, { kind: 'const', value: member.value.value, enumName: object.name });
      return { k: 'enum', name: object.name };
    }
    case 'targetNs': {
      const decl = globals.get(object.name);
      const type =
        decl?.kind === 'target' ? decl.types.find((t) => t.name.name === name) : undefined;
      if (!type || decl?.kind !== 'target') {
        const names = decl?.kind === 'target' ? decl.types.map((t) => t.name.name) : [];
        return report(env, 'UnknownMember', e.name.span, [object.name, name, oneOf(names)]);
      }
      record(env, e, { kind: 'const', value: type.value.value });
      return type.ids
        ? { k: 'perfTypeNs', target: object.name, type: name }
        : { k: 'perfType', target: object.name };
    }
    case 'perfTypeNs': {
      const decl = globals.get(object.target);
      const type =
        decl?.kind === 'target' ? decl.types.find((t) => t.name.name === object.type) : undefined;
      const id = type?.ids?.find((m) => m.name.name === name);
      if (!id) {
        const names = (type?.ids ?? []).map((m) => m.name.name);
        return report(env, 'UnknownPerfEvent', e.name.span, [
          `${object.target}.${object.type}.${name}`,
          oneOf(names, 4),
        ]);
      }
      record(env, e, { kind: 'const', value: id.value.value });
      return { k: 'perfEvent', target: object.target, type: object.type };
    }
    case 'leafNs': {
      const regName = `${object.name}.${name}`;
      if (!registers.has(regName)) {
        return report(env, 'UnknownMember', e.name.span, [
          object.name,
          name,
          "'eax', 'ebx', 'ecx', 'edx'",
        ]);
      }
      record(env, e, { kind: 'register', name: regName });
      return { k: 'reg', name: regName };
    }
    case 'reg': {
      const reg = registers.get(object.name);
      const field = reg?.fields.find((f) => f.name.name === name && !/^res[01]$/.test(name));
      if (!reg || !field) {
        const names = (reg?.fields ?? [])
          .map((f) => f.name.name)
          .filter((n) => !/^res[01]$/.test(n));
        return report(env, 'UnknownMember', e.name.span, [object.name, name, oneOf(names)]);
      }
      const lsb = Number(field.bits.lsb.value);
      const width = Number(field.bits.msb.value) - lsb + 1;
      record(env, e, { kind: 'field', lsb, width });
      if (field.type && globals.get(field.type.name)?.kind === 'enum') {
        return { k: 'enum', name: field.type.name };
      }
      return INT;
    }
    case 'pmu': {
      const type = pmuProperty(env, object.name, name);
      if (!type) {
        return report(env, 'UnknownMember', e.name.span, [
          object.name,
          name,
          oneOf([...pmuPropertyNames(env, object.name), 'fixed_event', 'counters']),
        ]);
      }
      record(env, e, { kind: 'prop', name });
      return type;
    }
    case 'error':
      return ERROR;
    default:
      return report(env, 'TypeMismatch', e.object.span, [
        'an enum, target, register, cpuid leaf or pmu before .' + name,
        describe(object),
      ]);
  }
}

function expectInt(env: Env, e: A.Expr): Ty {
  const t = inferExpr(env, e);
  if (t.k === 'error' || isInt(t)) return t;
  return report(env, 'TypeMismatch', e.span, ['an integer', describe(t)]);
}

function expectBool(env: Env, e: A.Expr): Ty {
  const t = inferExpr(env, e);
  if (t.k === 'error' || t.k === 'bool') return t;
  return report(env, 'TypeMismatch', e.span, ['a boolean', describe(t)]);
}

function inferBinary(env: Env, e: A.Expr & { kind: 'binary' }): Ty {
  switch (e.op) {
    case '&&':
    case '||':
      expectBool(env, e.left);
      expectBool(env, e.right);
      return BOOL;
    case '==':
    case '!=': {
      const l = inferExpr(env, e.left);
      const r = inferExpr(env, e.right);
      if (l.k !== 'error' && r.k !== 'error' && isInt(l) !== isInt(r)) {
        report(env, 'TypeMismatch', e.right.span, [describe(l), describe(r)]);
      }
      return BOOL;
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      expectInt(env, e.left);
      expectInt(env, e.right);
      return BOOL;
    default: {
      const left = expectInt(env, e.left);
      expectInt(env, e.right);
      // Masking a register value keeps its layout: (value & mask).U still names bit 30.
      const keepsLayout = e.op === '&' || e.op === '|' || e.op === '^';
      return keepsLayout && left.k === 'reg' ? left : INT;
    }
  }
}

function inferUserCall(env: Env, e: A.Expr & { kind: 'call' }, fn: A.FnDecl): Ty {
  if (e.args.length !== fn.params.length) {
    report(env, 'WrongArity', e.span, [e.fn.name, `${fn.params.length}`, e.args.length]);
  }
  e.args.forEach((a, i) => {
    const param = fn.params[i];
    const t = inferExpr(env, a);
    if (!param) return;
    const want = resolveType(env.ctx, param.type, true);
    if (!assignable(want, t)) {
      report(env, 'TypeMismatch', a.span, [
        `${describe(want)} for parameter '${param.name.name}' of '${fn.name.name}'`,
        describe(t),
      ]);
    }
  });
  return resolveType(env.ctx, fn.returns, true);
}

function inferCall(env: Env, e: A.Expr & { kind: 'call' }): Ty {
  const params = BUILTINS[e.fn.name];
  const user = env.ctx.symbols.globals.get(e.fn.name);
  if (!params && user?.kind === 'fn') return inferUserCall(env, e, user);
  if (!params) {
    const fns = [...env.ctx.symbols.globals.values()]
      .filter((d) => d.kind === 'fn')
      .map((d) => d.name.name);
    return report(env, 'UnknownFunction', e.fn.span, [
      e.fn.name,
      oneOf([...Object.keys(BUILTINS), ...fns], 16),
    ]);
  }
  const variadic = params[params.length - 1] === 'int...';
  const ok = variadic ? e.args.length >= params.length : e.args.length === params.length;
  if (!ok) {
    const expected = variadic ? `${params.length} or more` : `${params.length}`;
    report(env, 'WrongArity', e.span, [e.fn.name, expected, e.args.length]);
  }
  e.args.forEach((a, i) => {
    const kind = params[Math.min(i, params.length - 1)];
    if (kind !== 'ranges') {
      expectInt(env, a);
      return;
    }
    const t = inferExpr(env, a);
    if (t.k !== 'ranges' && t.k !== 'error')
      report(env, 'TypeMismatch', a.span, ['a list of ranges', describe(t)]);
  });
  return INT;
}

/** Infer the type of `e` in `env`. */
export function inferExpr(env: Env, e: A.Expr): Ty {
  switch (e.kind) {
    case 'num':
      return INT;
    case 'bool':
      return BOOL;
    case 'name':
      return inferName(env, e);
    case 'member':
      return inferMember(env, e);
    case 'slice':
      expectInt(env, e.object);
      expectInt(env, e.hi);
      expectInt(env, e.lo);
      return INT;
    case 'index': {
      const object = inferExpr(env, e.object);
      if (object.k === 'table') {
        inferExpr(env, e.index);
        return object.value;
      }
      if (object.k !== 'error' && !isInt(object)) {
        return report(env, 'TypeMismatch', e.object.span, [
          'a table or an integer',
          describe(object),
        ]);
      }
      expectInt(env, e.index);
      return INT;
    }
    case 'call':
      return inferCall(env, e);
    case 'unary':
      return e.op === '!' ? (expectBool(env, e.operand), BOOL) : (expectInt(env, e.operand), INT);
    case 'binary':
      return inferBinary(env, e);
    case 'cond': {
      expectBool(env, e.test);
      const a = inferExpr(env, e.then);
      const b = inferExpr(env, e.otherwise);
      if (a.k === 'error' || b.k === 'error') return ERROR;
      if (isInt(a) && isInt(b))
        return a.k === b.k && JSON.stringify(a) === JSON.stringify(b) ? a : INT;
      if (a.k === b.k) return a;
      return report(env, 'TypeMismatch', e.otherwise.span, [describe(a), describe(b)]);
    }
    case 'inSet':
      expectInt(env, e.value);
      e.items.forEach((i) => expectInt(env, i));
      return BOOL;
    case 'inRange':
      expectInt(env, e.value);
      return BOOL;
    case 'ranges':
      for (const item of e.items) {
        expectInt(env, item.action);
        if (item.lo.value > item.hi.value) {
          report(env, 'TypeMismatch', item.span, [
            'a range with its low bound first',
            `${item.lo.text}..${item.hi.text}`,
          ]);
        }
      }
      return RANGES;
    case 'bits': {
      const locals = new Map(env.locals);
      locals.set(e.variable.name, INT);
      expectBool({ ...env, locals }, e.cond);
      if (e.hi.value > 63n || e.lo.value > e.hi.value) {
        report(env, 'TypeMismatch', e.hi.span, [
          'a bit range within 0..63, low bound first',
          `${e.lo.text}..${e.hi.text}`,
        ]);
      }
      return INT;
    }
    case 'inTable': {
      inferExpr(env, e.value);
      const table = inferExpr(env, e.table);
      if (table.k !== 'table' && table.k !== 'error') {
        report(env, 'TypeMismatch', e.table.span, ['a table', describe(table)]);
      }
      return BOOL;
    }
  }
}
