/**
 * A consumer that extends another is its parent's step list with the child's
 * steps merged in: a `let` replaces the parent's `let` of the same variable,
 * a labelled `when` the parent's `when` of that label, an `output` the
 * parent's output of that name, `=>` the final outcome. A child step that
 * replaces nothing is inserted after the last step the child replaced (or
 * first, if it replaced none yet), so `consumer b extends a` reads as "a,
 * except ...".
 */
import type * as A from '../syntax/ast.ts';

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
  const base =
    parent && !seen.has(parent.name.name)
      ? flattenConsumer(parent, consumers, new Set([...seen, consumer.name.name]))
      : [];
  const steps = [...base];
  let cursor = 0;
  for (const step of consumer.steps) {
    if (step.kind === 'drop') {
      const at = steps.findIndex(
        (s) => s.step.kind === 'when' && s.step.label?.name === step.label.name,
      );
      if (at >= 0) {
        steps.splice(at, 1);
        cursor = at;
      }
      continue;
    }
    const key = stepKey(step);
    const at = key === undefined ? -1 : steps.findIndex((s) => stepKey(s.step) === key);
    const flat = { step, owner: consumer };
    if (at >= 0) {
      steps[at] = flat;
      cursor = at + 1;
    } else if (step.kind === 'final') {
      steps.push(flat);
      cursor = steps.length;
    } else {
      const finalAt = steps.findIndex((s) => s.step.kind === 'final');
      const insertAt = finalAt >= 0 && cursor > finalAt ? finalAt : cursor;
      steps.splice(insertAt, 0, flat);
      cursor = insertAt + 1;
    }
  }
  return steps;
}
