/**
 * Type-check every expression: gates, features, cpuid lengths, tables, pmu
 * properties and counters, consumer steps and perf attributes, example
 * inputs and expectations. Names resolve here, once (see resolution.ts).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { allRegisters, declsOf } from './context.ts';
import { flattenConsumer } from './flatten-consumer.ts';
import { PERF_ATTRS } from './perf-attrs.ts';
import type { Env, Ty } from './types.ts';
import { inferExpr } from './infer.ts';
import { assignable, BOOL, describe, isInt, resolveType } from './types.ts';

function check(env: Env, e: A.Expr, expected: Ty | 'int', what?: string): void {
  const t = inferExpr(env, e);
  const ok = expected === 'int' ? t.k === 'error' || isInt(t) : assignable(expected, t);
  if (!ok && !env.quiet) {
    const want = expected === 'int' ? 'an integer' : describe(expected);
    env.ctx.bag.report('TypeMismatch', e.span, [what ? `${want} for ${what}` : want, describe(t)]);
  }
}

function checkRegisters(ctx: CheckContext): void {
  const leafOf = new Map<A.RegisterDecl, string>();
  for (const leaf of declsOf(ctx.files, 'cpuid')) {
    for (const r of leaf.registers) leafOf.set(r, leaf.name.name);
  }
  for (const reg of allRegisters(ctx.files)) {
    const leaf = leafOf.get(reg);
    const env: Env = { ctx, locals: new Map(), context: true, ...(leaf ? { leaf } : {}) };
    if (reg.below) check(env, reg.below, 'int', 'a vector length');
    for (const f of reg.fields) if (f.gate) check(env, f.gate, BOOL, 'a gate');
  }
  for (const feature of declsOf(ctx.files, 'feature')) {
    check({ ctx, locals: new Map(), context: true }, feature.condition, BOOL, 'a feature');
  }
}

function checkTable(ctx: CheckContext, table: A.TableDecl): void {
  const env: Env = { ctx, locals: new Map(), context: false };
  const keyType = resolveType(ctx, table.keyType);
  const valueType = resolveType(ctx, table.valueType);
  const seen = new Map<string, A.TableEntry>();
  for (const entry of table.entries) {
    check(env, entry.key, keyType, `a key of '${table.name.name}'`);
    check(env, entry.value, valueType, `a value of '${table.name.name}'`);
    const keyText = constantText(entry.key);
    if (keyText !== undefined) {
      const previous = seen.get(keyText);
      if (previous) {
        ctx.bag.report(
          'DuplicateMember',
          entry.key.span,
          [keyText, table.name.name],
          [{ message: 'the key is first used here', span: previous.key.span }],
        );
      } else seen.set(keyText, entry);
    }
  }
}

/** A stable text for a constant key (number or qualified member), for duplicate detection. */
function constantText(e: A.Expr): string | undefined {
  if (e.kind === 'num') return `0x${e.value.toString(16)}`;
  if (e.kind === 'member') {
    const inner = constantText(e.object);
    return inner === undefined ? undefined : `${inner}.${e.name.name}`;
  }
  if (e.kind === 'name') return e.name;
  return undefined;
}

function checkPmus(ctx: CheckContext): void {
  for (const pmu of declsOf(ctx.files, 'pmu')) {
    const env: Env = { ctx, locals: new Map(), context: false };
    for (const item of pmu.items) {
      if (item.kind === 'let') inferExpr(env, item.value);
      else if (item.kind === 'table') checkTable(ctx, item);
      else {
        if (item.fixed) check(env, item.fixed, 'int', 'a fixed counter event');
        if (item.gate) check({ ...env, context: true }, item.gate, BOOL, 'a gate');
        if (item.via && !ctx.symbols.registers.has(item.via.name)) {
          ctx.bag.report('UndefinedName', item.via.span, [item.via.name, 'a register']);
        }
      }
    }
  }
}

function interfaceOf(ctx: CheckContext, name: string): A.InterfaceDecl | undefined {
  const decl = ctx.symbols.globals.get(name);
  return decl?.kind === 'interface' ? decl : undefined;
}

/** Input name -> type of an interface. */
export function interfaceInputs(
  ctx: CheckContext,
  iface: A.InterfaceDecl,
  quiet: boolean,
): Map<string, Ty> {
  const inputs = new Map<string, Ty>();
  for (const item of iface.items) {
    if (item.kind === 'input' && item.name && item.type) {
      inputs.set(item.name.name, resolveType(ctx, item.type, quiet));
    }
  }
  return inputs;
}

function checkOutcome(env: Env, outcome: A.Outcome): void {
  if (outcome.kind === 'generic') {
    const t = inferExpr(env, outcome.event);
    if (t.k === 'perfEvent')
      env.ctx.perfEvents.set(outcome.event, { target: t.target, type: t.type });
    else if (t.k !== 'error' && !env.quiet) {
      env.ctx.bag.report('TypeMismatch', outcome.event.span, [
        'a perf event such as perf.HARDWARE.CPU_CYCLES',
        describe(t),
      ]);
    }
  }
  if (outcome.kind === 'perf' || outcome.kind === 'generic') {
    for (const attr of outcome.attrs) {
      const kind = PERF_ATTRS[attr.name.name];
      if (kind)
        check(env, attr.value, kind === 'bool' ? BOOL : 'int', `perf_event_attr.${attr.name.name}`);
      else inferExpr(env, attr.value);
    }
  }
}

function checkConsumers(ctx: CheckContext): void {
  for (const consumer of ctx.symbols.consumers.values()) {
    const iface = interfaceOf(ctx, consumer.implements.name);
    if (!iface) continue;
    const locals = interfaceInputs(ctx, iface, true);
    for (const { step, owner } of flattenConsumer(consumer, ctx.symbols.consumers)) {
      const env: Env = { ctx, locals, context: false, quiet: owner !== consumer };
      switch (step.kind) {
        case 'let':
          locals.set(step.name.name, inferExpr(env, step.value));
          break;
        case 'output': {
          const declared = iface.items.find(
            (i) => i.kind === 'output' && i.name?.name === step.name.name,
          );
          const t = declared?.type ? resolveType(ctx, declared.type, true) : undefined;
          if (t) check(env, step.value, t, `output '${step.name.name}'`);
          // Later steps may read an output like a let; it has its declared type.
          locals.set(step.name.name, t ?? inferExpr({ ...env, quiet: true }, step.value));
          break;
        }
        case 'warn':
          check(env, step.condition, BOOL, 'a warn condition');
          break;
        case 'when':
          check(env, step.condition, BOOL, 'a when condition');
          checkOutcome(env, step.outcome);
          break;
        case 'final':
          checkOutcome(env, step.outcome);
          break;
      }
    }
  }
}

function checkExamples(ctx: CheckContext): void {
  for (const example of ctx.symbols.examples) {
    const env: Env = { ctx, locals: new Map(), context: false };
    const iface = interfaceOf(ctx, example.on.name);
    if (!iface) {
      const names = [...ctx.symbols.globals.values()].filter((d) => d.kind === 'interface');
      ctx.bag.report('UndefinedName', example.on.span, [
        example.on.name,
        `an interface: ${names.map((d) => `'${d.name.name}'`).join(', ') || '(none)'}`,
      ]);
      continue;
    }
    const inputs = interfaceInputs(ctx, iface, true);
    for (const b of example.given) {
      const t = inputs.get(b.name.name);
      if (!t) {
        ctx.bag.report('ExampleUnknownInput', b.name.span, [
          b.name.name,
          iface.name.name,
          [...inputs.keys()].map((n) => `'${n}'`).join(', ') || '(none)',
        ]);
        inferExpr(env, b.value);
      } else check(env, b.value, t, `input '${b.name.name}'`);
    }
    for (const expect of example.expects) {
      for (const item of expect.items) {
        if (item.kind === 'output') inferExpr(env, item.value);
        else if (item.kind === 'generic')
          checkOutcome(env, { kind: 'generic', event: item.event, attrs: [], span: item.span });
        else if (item.kind === 'perf')
          checkOutcome(env, { kind: 'perf', attrs: item.attrs, span: item.span });
      }
    }
  }
}

function checkInterfaces(ctx: CheckContext): void {
  for (const iface of declsOf(ctx.files, 'interface')) {
    const earlier = new Map<string, Ty>();
    for (const item of iface.items) {
      if (!item.type) continue;
      const t = resolveType(ctx, item.type);
      if (item.default) {
        check(
          { ctx, locals: earlier, context: false },
          item.default,
          t,
          `the default of '${item.name?.name ?? ''}'`,
        );
      }
      if (item.kind === 'input' && item.name) earlier.set(item.name.name, t);
    }
  }
}

/** Each function's body against its parameters and return type; no call cycles (PM2310). */
function checkFunctions(ctx: CheckContext): void {
  const fns = declsOf(ctx.files, 'fn');
  const calls = new Map<string, string[]>();
  for (const fn of fns) {
    const locals = new Map<string, Ty>(
      fn.params.map((p) => [p.name.name, resolveType(ctx, p.type)]),
    );
    check(
      { ctx, locals, context: false },
      fn.body,
      resolveType(ctx, fn.returns),
      `the result of '${fn.name.name}'`,
    );
    calls.set(fn.name.name, calledNames(fn.body));
  }
  for (const fn of fns) {
    const path = cycleFrom(fn.name.name, calls, [fn.name.name]);
    if (path) ctx.bag.report('RecursiveFunction', fn.name.span, [fn.name.name, path.join(' -> ')]);
  }
}

function calledNames(e: A.Expr): string[] {
  const out: string[] = [];
  const walk = (x: A.Expr): void => {
    if (x.kind === 'call') out.push(x.fn.name);
    for (const v of Object.values(x)) {
      if (v && typeof v === 'object' && 'kind' in v && 'span' in v) walk(v as A.Expr);
      if (Array.isArray(v))
        for (const i of v) if (i && typeof i === 'object' && 'kind' in i) walk(i as A.Expr);
    }
    if (x.kind === 'ranges') for (const i of x.items) walk(i.action);
  };
  walk(e);
  return out;
}

function cycleFrom(
  target: string,
  calls: ReadonlyMap<string, string[]>,
  path: string[],
): string[] | undefined {
  for (const next of calls.get(path[path.length - 1] ?? '') ?? []) {
    if (next === target) return [...path, next];
    if (path.includes(next) || !calls.has(next)) continue;
    const found = cycleFrom(target, calls, [...path, next]);
    if (found) return found;
  }
  return undefined;
}

export function reportExpressionTypes(ctx: CheckContext): void {
  checkFunctions(ctx);
  checkInterfaces(ctx);
  checkRegisters(ctx);
  for (const t of declsOf(ctx.files, 'table')) checkTable(ctx, t);
  checkPmus(ctx);
  checkConsumers(ctx);
  checkExamples(ctx);
}
