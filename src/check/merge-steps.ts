/**
 * How a child's steps merge into the step list it inherits, shared by
 * consumers (check/flatten-consumer.ts) and protocol machines
 * (protocol/flatten-machine.ts), which differ only in what identifies a
 * step and what a label names:
 * - a step whose key matches an inherited step's replaces it;
 * - `drop LABEL` removes the inherited step of that label;
 * - `before LABEL` puts a step that replaces nothing just before the
 *   inherited step of that label;
 * - any other step that replaces nothing waits for the next step that
 *   does, and goes in just before it.
 * What still waits at the end is returned for the caller to place (before
 * the final `=>`, which is per call in a machine).
 */
export interface Flat<S, O> {
  readonly step: S;
  readonly owner: O;
}

export interface StepRules<S> {
  /** What a step replaces: the inherited step with the same key (undefined: nothing). */
  key(step: S): string | undefined;
  /** For a `drop LABEL` step, the label. */
  dropped(step: S): string | undefined;
  /** For a step with `before LABEL`, the label. */
  before(step: S): string | undefined;
  /** The inherited step a label names, or -1. */
  labelled(steps: readonly Flat<S, unknown>[], label: string): number;
}

/** Merges `own` into `steps` in place; returns the steps still waiting for a place. */
export function mergeSteps<S, O>(
  steps: Flat<S, O>[],
  own: readonly S[],
  owner: O,
  rules: StepRules<S>,
): Flat<S, O>[] {
  let pending: Flat<S, O>[] = [];
  for (const step of own) {
    const dropped = rules.dropped(step);
    if (dropped !== undefined) {
      const at = rules.labelled(steps, dropped);
      if (at >= 0) steps.splice(at, 1);
      continue;
    }
    const key = rules.key(step);
    const at = key === undefined ? -1 : steps.findIndex((s) => rules.key(s.step) === key);
    const flat = { step, owner };
    const before = rules.before(step);
    const anchor = at < 0 && before !== undefined ? rules.labelled(steps, before) : -1;
    if (anchor >= 0) {
      steps.splice(anchor, 0, flat);
      continue;
    }
    if (at < 0) {
      pending.push(flat);
      continue;
    }
    steps.splice(at, 1, ...pending, flat);
    pending = [];
  }
  return pending;
}
