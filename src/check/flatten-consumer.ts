/**
 * A consumer that extends another is its parent's step list with the child's
 * steps merged in: a `let` replaces the parent's `let` of the same variable,
 * a labelled `when` or `warn` the parent's step of that label, an `output`
 * the parent's output of that name, `=>` the final outcome, and `drop label`
 * removes a labelled step. A child step that replaces nothing goes just
 * before the next step the child replaces (or before the final `=>` if none
 * follows), so `consumer b extends a` reads as "a, except ..."; with
 * `before LABEL` it goes just before the parent's `when LABEL:` or `warn
 * LABEL:` step instead (check reports a label with no such step, PM2343).
 */
import type * as A from '../syntax/ast.ts';
import { mergeSteps } from './merge-steps.ts';

/**
 * Consumers are named per interface: `kvm-legacy` may answer several
 * interfaces, each with its own decision list. This is the symbol-table key.
 */
export function consumerKey(iface: string, name: string): string {
  return `${iface}\u0000${name}`;
}

/** The consumer `consumer` extends, if it exists (same interface). */
export function parentOf(
  consumer: A.ConsumerDecl,
  consumers: ReadonlyMap<string, A.ConsumerDecl>,
): A.ConsumerDecl | undefined {
  return consumer.parent
    ? consumers.get(consumerKey(consumer.implements.name, consumer.parent.name))
    : undefined;
}

export interface FlatStep {
  readonly step: A.Step;
  /** The consumer whose source declares this step. */
  readonly owner: A.ConsumerDecl;
}

/** Where `before LABEL` puts a step: the inherited labelled `when` or `warn`. */
export function anchorIndex(steps: readonly FlatStep[], label: string): number {
  return steps.findIndex(
    (s) => (s.step.kind === 'when' || s.step.kind === 'warn') && s.step.label?.name === label,
  );
}

function stepKey(step: A.Step): string | undefined {
  switch (step.kind) {
    case 'let':
      return `let:${step.name.name}`;
    case 'output':
      return `output:${step.name.name}`;
    case 'when':
      return step.label ? `when:${step.label.name}` : undefined;
    case 'final':
      return 'final';
    case 'warn':
      return step.label ? `warn:${step.label.name}` : undefined;
    case 'drop':
      return undefined;
  }
}

/** The effective step list of `consumer`; loops in `extends` are cut (reported elsewhere). */
export function flattenConsumer(
  consumer: A.ConsumerDecl,
  consumers: ReadonlyMap<string, A.ConsumerDecl>,
  seen: ReadonlySet<string> = new Set(),
): FlatStep[] {
  const parent = parentOf(consumer, consumers);
  const steps =
    parent && !seen.has(parent.name.name)
      ? flattenConsumer(parent, consumers, new Set([...seen, consumer.name.name]))
      : [];
  const pending = mergeSteps(steps, consumer.steps, consumer, {
    key: stepKey,
    dropped: (step) => (step.kind === 'drop' ? step.label.name : undefined),
    before: (step) => (step.kind === 'drop' ? undefined : step.before?.name),
    labelled: (flat, label) => anchorIndex(flat as readonly FlatStep[], label),
  });
  // Those after the last replacement go before the final `=>`.
  const finalAt = steps.findIndex((s) => s.step.kind === 'final');
  steps.splice(finalAt >= 0 ? finalAt : steps.length, 0, ...pending);
  return steps;
}
