/**
 * Run one consumer's decision list on inputs: each step either binds a
 * variable, sets an output, or ends the list with an outcome. The result
 * says which step decided (its tables origin) and keeps the whole trace, so
 * a refusal is never silent and every answer can be explained.
 */
import type { MExpr, MOutcome, MStep } from '../model/model.ts';
import { compiledConsumer } from './compile-consumer.ts';
import type { EvalEnv } from './evaluate.ts';
import { compileExpr, evaluate } from './evaluate.ts';
import type { RunOptions, RunResult, TraceEntry, Warning, Outcome } from './run-result.ts';
import type { Tables } from './tables.ts';
import { findConsumer } from './tables.ts';
import type { Value } from './values.ts';
import { EvalError, formatValue } from './values.ts';

export type {
  Outcome,
  PerfAttr,
  RunOptions,
  RunResult,
  TraceEntry,
  Warning,
} from './run-result.ts';

/** Replace `{name}` in a message by the variable's value (small numbers in decimal, others in hex). */
function interpolate(message: string, vars: ReadonlyMap<string, Value>): string {
  return message.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const v = vars.get(name);
    if (v === undefined) return whole;
    return typeof v === 'bigint' && v < 10n ? String(v) : formatValue(v);
  });
}

function genericName(t: Tables, target: string, type: string, id: bigint): string {
  const ids = t.model.targets
    .find((x) => x.name === target)
    ?.types.find((x) => x.name === type)?.ids;
  const m = ids?.find((x) => BigInt(x.value) === id);
  return `${target}.${type}.${m ? m.name : formatValue(id)}`;
}

function attrsOf(
  t: Tables,
  attrs: readonly { readonly name: string; readonly value: MExpr }[],
  env: EvalEnv,
): Record<string, bigint | boolean> {
  const attr: Record<string, bigint | boolean> = {};
  for (const a of attrs) {
    const v = evaluate(t, a.value, env);
    if (typeof v === 'object') throw new EvalError(`perf attribute ${a.name} is not a value`);
    attr[a.name] = v;
  }
  return attr;
}

function resolveOutcome(t: Tables, o: MOutcome, env: EvalEnv, origin: string): Outcome {
  switch (o.kind) {
    case 'refuse':
      return { kind: 'refused', code: o.code, message: interpolate(o.message, env.vars), origin };
    case 'software': {
      const message = interpolate(o.message, env.vars);
      return o.code
        ? { kind: 'software', code: o.code, message, origin }
        : { kind: 'software', message, origin };
    }
    case 'direct':
      return { kind: 'direct', message: interpolate(o.message, env.vars), origin };
    case 'perf':
      return { kind: 'perf', attr: attrsOf(t, o.attrs, env), origin };
    case 'generic': {
      const id = evaluate(t, o.event, env);
      if (typeof id !== 'bigint') throw new EvalError('generic event is not an id');
      return {
        kind: 'perf',
        attr: { type: BigInt(o.typeValue), config: id, ...attrsOf(t, o.attrs, env) },
        event: genericName(t, o.target, o.type, id),
        origin,
      };
    }
  }
}

function describeStep(s: MStep): string {
  switch (s.kind) {
    case 'let':
      return `let ${s.name}`;
    case 'output':
      return `output ${s.name}`;
    case 'when':
      return s.label ? `when ${s.label}` : 'when';
    case 'warn':
      return s.label ? `warn ${s.label}` : 'warn';
    case 'final':
      return '=>';
  }
}

type Compiled = (env: EvalEnv) => Value;

/** `ranges` and `ranges<Enum>` input types. */
export function isRangesType(type: string): boolean {
  return type === 'ranges' || type.startsWith('ranges<');
}

interface Plan {
  readonly defaults: readonly { readonly name: string; readonly fn: Compiled }[];
  readonly steps: readonly {
    readonly step: MStep;
    readonly label: string;
    readonly fn: Compiled;
  }[];
}

const plans = new WeakMap<Tables, Map<string, Plan>>();

/** Each consumer's steps with their display labels, prepared once per tables. */
function planOf(t: Tables, name: string, ifaceName?: string): Plan {
  let perTables = plans.get(t);
  if (!perTables) {
    perTables = new Map();
    plans.set(t, perTables);
  }
  const key = `${ifaceName ?? ''}/${name}`;
  let plan = perTables.get(key);
  if (!plan) {
    const consumer = findConsumer(t, name, ifaceName);
    if (!consumer) {
      const of = t.consumers.get(name) ?? [];
      throw new EvalError(
        of.length > 1 && ifaceName === undefined
          ? `consumer '${name}' answers ${of.map((c) => c.implements).join(', ')}; say which interface`
          : `unknown consumer '${name}'${ifaceName ? ` of '${ifaceName}'` : ''}`,
      );
    }
    const iface = t.interfaces.get(consumer.implements);
    plan = {
      // A ranges input with no default is an empty list (no filter).
      defaults: (iface?.inputs ?? []).flatMap((i) =>
        i.default
          ? [{ name: i.name, fn: compileExpr(t, i.default) }]
          : isRangesType(i.type)
            ? [{ name: i.name, fn: (): Value => ({ kind: 'ranges', items: [] }) }]
            : [],
      ),
      steps: consumer.steps.map((step) => ({
        step,
        label: describeStep(step),
        fn: compileExpr(
          t,
          step.kind === 'when' || step.kind === 'warn'
            ? step.condition
            : step.kind === 'final'
              ? { op: 'bool', value: true }
              : step.value,
        ),
      })),
    };
    perTables.set(key, plan);
  }
  return plan;
}

/**
 * The consumer compiled last (callers ask for one many times in a row): its
 * tables, name, interface and function, in plain module variables so the
 * check before each call is three comparisons.
 */
let lastTables: Tables | undefined;
let lastName = '';
let lastIface: string | undefined;
let lastFn: ((inputs: Readonly<Record<string, Value>>) => RunResult) | undefined;

/**
 * Run consumer `name` on `inputs`. Throws EvalError for a missing input or
 * a failed lookup (a tables or caller mistake, not a refusal).
 */
export function runConsumer(
  t: Tables,
  name: string,
  inputs: Readonly<Record<string, Value>>,
  iface?: string,
  options?: RunOptions,
): RunResult {
  // Without a trace the answer comes from the consumer compiled to JavaScript (same result).
  // This function stays this small so that engines inline it, and the compiled one, into a
  // caller's loop; everything else is in runSlow.
  if (options?.trace === false && t === lastTables && name === lastName && iface === lastIface)
    return lastFn!(inputs);
  return runSlow(t, name, inputs, iface, options?.trace ?? true);
}

/** runConsumer beyond the last compiled consumer: another one compiled, or the interpreter. */
function runSlow(
  t: Tables,
  name: string,
  inputs: Readonly<Record<string, Value>>,
  iface: string | undefined,
  tracing: boolean,
): RunResult {
  if (!tracing) {
    const compiled = compiledConsumer(t, name, iface);
    if (compiled) {
      lastTables = t;
      lastName = name;
      lastIface = iface;
      lastFn = compiled;
      return compiled(inputs);
    }
  }
  const plan = planOf(t, name, iface);
  const vars = new Map<string, Value>();
  for (const key in inputs) {
    const v = inputs[key];
    if (v !== undefined) vars.set(key, v);
  }
  // Inputs the caller left out take their declared defaults, in declaration order.
  for (const input of plan.defaults) {
    if (!vars.has(input.name)) vars.set(input.name, input.fn({ vars }));
  }
  const env: EvalEnv = { vars };
  const outputs: Record<string, Value> = {};
  const lets: Record<string, Value> = {};
  const trace: TraceEntry[] = [];
  const warnings: Warning[] = [];
  for (const { step, label, fn } of plan.steps) {
    switch (step.kind) {
      case 'let': {
        const v = fn(env);
        vars.set(step.name, v);
        lets[step.name] = v;
        if (tracing) trace.push({ origin: step.origin, step: label, value: v });
        break;
      }
      case 'output': {
        const v = fn(env);
        outputs[step.name] = v;
        vars.set(step.name, v);
        if (tracing) trace.push({ origin: step.origin, step: label, value: v });
        break;
      }
      case 'warn': {
        const taken = fn(env) === true;
        if (tracing) trace.push({ origin: step.origin, step: label, taken });
        if (taken) warnings.push({ message: interpolate(step.message, vars), origin: step.origin });
        break;
      }
      case 'when': {
        const taken = fn(env) === true;
        if (tracing) trace.push({ origin: step.origin, step: label, taken });
        if (taken) {
          const outcome = resolveOutcome(t, step.outcome, env, step.origin);
          return { consumer: name, outcome, outputs, vars: lets, trace, warnings };
        }
        break;
      }
      case 'final': {
        if (tracing) trace.push({ origin: step.origin, step: label, taken: true });
        const outcome = resolveOutcome(t, step.outcome, env, step.origin);
        return { consumer: name, outcome, outputs, vars: lets, trace, warnings };
      }
    }
  }
  return { consumer: name, outputs, vars: lets, trace, warnings };
}

/** The consumers implementing an interface, in source order. */
export function consumersOf(t: Tables, iface: string): string[] {
  return t.model.consumers.filter((c) => c.implements === iface).map((c) => c.name);
}
