/**
 * A consumer must honour its interface: set every declared output (PM2303),
 * set nothing else (PM2307), end with `=> outcome` exactly when the
 * interface declares an outcome (PM2304, PM2305), and have no step after its
 * own final `=>` (PM2308).
 */
import type * as A from '../syntax/ast.ts';
import type { CheckContext } from './context.ts';
import { oneOf } from './context.ts';
import type { FlatStep } from './flatten-consumer.ts';
import { anchorIndex, flattenConsumer, parentOf } from './flatten-consumer.ts';

export function reportConsumers(ctx: CheckContext): void {
  for (const consumer of ctx.symbols.consumers.values()) {
    const iface = ctx.symbols.globals.get(consumer.implements.name);
    if (iface?.kind !== 'interface') continue;
    const outputs = iface.items.filter((i) => i.kind === 'output').map((i) => i.name?.name ?? '');
    const hasOutcome = iface.items.some((i) => i.kind === 'outcome');

    const finalAt = consumer.steps.findIndex((s) => s.kind === 'final');
    const after = finalAt >= 0 ? consumer.steps[finalAt + 1] : undefined;
    if (after) ctx.bag.report('UnreachableStep', after.span, [consumer.name.name]);

    for (const step of consumer.steps) {
      if (step.kind === 'output' && !outputs.includes(step.name.name)) {
        ctx.bag.report('NotAnOutput', step.name.span, [
          step.name.name,
          iface.name.name,
          oneOf(outputs),
        ]);
      }
      if (!hasOutcome && (step.kind === 'when' || step.kind === 'final')) {
        ctx.bag.report('UnexpectedOutcome', step.span, [iface.name.name, consumer.name.name]);
      }
    }

    const parent = parentOf(consumer, ctx.symbols.consumers);
    const inherited = parent ? flattenConsumer(parent, ctx.symbols.consumers) : [];
    for (const step of consumer.steps) {
      if (step.before) reportPlacement(ctx, consumer, parent, inherited, step, step.before);
      if (step.kind !== 'drop') continue;
      const found = inherited.some(
        // A labelled `warn` drops as a `when` does (flattenConsumer removes both).
        (f) =>
          (f.step.kind === 'when' || f.step.kind === 'warn') &&
          f.step.label?.name === step.label.name,
      );
      if (!found) {
        const why = parent
          ? `'${parent.name.name}' has no 'when ${step.label.name}:' or 'warn ${step.label.name}:' step`
          : `'${consumer.name.name}' extends no consumer`;
        ctx.bag.report('DropUnknown', step.label.span, [consumer.name.name, step.label.name, why]);
      }
    }

    const flat = flattenConsumer(consumer, ctx.symbols.consumers).map((f) => f.step);
    for (const name of outputs) {
      if (!flat.some((s: A.Step) => s.kind === 'output' && s.name.name === name)) {
        ctx.bag.report('OutputNotSet', consumer.name.span, [
          consumer.name.name,
          name,
          iface.name.name,
        ]);
      }
    }
    if (hasOutcome && !flat.some((s) => s.kind === 'final')) {
      ctx.bag.report('MissingOutcome', consumer.name.span, [consumer.name.name, iface.name.name]);
    }
  }
}

/**
 * `before LABEL` names an inherited labelled `when` or `warn`, on a step
 * that replaces none of the parent's (a replacing step keeps its place).
 */
function reportPlacement(
  ctx: CheckContext,
  consumer: A.ConsumerDecl,
  parent: A.ConsumerDecl | undefined,
  inherited: readonly FlatStep[],
  step: A.Step,
  label: A.Ident,
): void {
  const why = !parent
    ? `'${consumer.name.name}' extends no consumer`
    : step.kind === 'drop'
      ? 'a `drop` removes a step and has no place'
      : anchorIndex(inherited, label.name) < 0
        ? `'${parent.name.name}' has no 'when ${label.name}:' or 'warn ${label.name}:' step`
        : replacesInherited(inherited, step)
          ? "the step replaces one of the parent's and stays in its place"
          : undefined;
  if (why) ctx.bag.report('BeforeUnknown', label.span, [consumer.name.name, label.name, why]);
}

function replacesInherited(inherited: readonly FlatStep[], step: A.Step): boolean {
  return inherited.some((f) => {
    const s = f.step;
    if (step.kind === 'final') return s.kind === 'final';
    if (step.kind === 'let' || step.kind === 'output')
      return s.kind === step.kind && s.name.name === step.name.name;
    if (step.kind === 'when' || step.kind === 'warn')
      return s.kind === step.kind && !!step.label && s.label?.name === step.label.name;
    return false;
  });
}
