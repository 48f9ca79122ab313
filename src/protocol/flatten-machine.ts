/**
 * A machine that extends another is its parent's steps with its own merged
 * in, as consumers do (check/flatten-consumer.ts): a `let` replaces the
 * parent's `let` of the same name and call, a labelled `when` the parent's
 * step of that label, `on CALL =>` the parent's final of that call, `drop
 * LABEL` removes a labelled step; a step that replaces nothing goes before
 * the next one that does (or before its call's final `=>`), or with `before LABEL` just
 * before the parent's step of that label.
 */
import { mergeSteps } from '../check/merge-steps.ts';
import type { MachineDecl, MachineStep } from '../syntax/protocol-ast.ts';

export interface FlatMachineStep {
  readonly step: MachineStep;
  readonly owner: MachineDecl;
}

const callOf = (s: MachineStep): string => (s.on ? `${s.on.subject.name}.${s.on.verb.name}` : '');

function stepKey(s: MachineStep): string | undefined {
  switch (s.kind) {
    case 'let':
      return `let:${callOf(s)}:${s.name.name}`;
    case 'when':
      return s.label ? `label:${s.label.name}` : undefined;
    case 'final':
      return `final:${callOf(s)}`;
    case 'drop':
      return undefined;
  }
}

export function labelIndex(steps: readonly FlatMachineStep[], label: string): number {
  return steps.findIndex((s) => s.step.kind === 'when' && s.step.label?.name === label);
}

/** The machine `m` extends, by name among `machines` (one protocol's). */
export function machineParent(
  m: MachineDecl,
  machines: ReadonlyMap<string, MachineDecl>,
): MachineDecl | undefined {
  return m.parent ? machines.get(m.parent.name) : undefined;
}

/** The effective steps of `m`; a loop in `extends` is cut (reported by the checker). */
export function flattenMachine(
  m: MachineDecl,
  machines: ReadonlyMap<string, MachineDecl>,
  seen: ReadonlySet<string> = new Set(),
): FlatMachineStep[] {
  const parent = machineParent(m, machines);
  const steps =
    parent && !seen.has(parent.name.name)
      ? flattenMachine(parent, machines, new Set([...seen, m.name.name]))
      : [];
  const pending = mergeSteps(steps, m.steps, m, {
    key: stepKey,
    dropped: (step) => (step.kind === 'drop' ? step.label.name : undefined),
    before: (step) => (step.kind === 'drop' ? undefined : step.before?.name),
    labelled: (flat, label) => labelIndex(flat as readonly FlatMachineStep[], label),
  });
  // Left over: each goes before the final `=>` it would otherwise follow.
  for (const flat of pending) {
    const call = callOf(flat.step);
    const at = steps.findIndex(
      (s) => s.step.kind === 'final' && (call === '' || callOf(s.step) === call),
    );
    steps.splice(at >= 0 ? at : steps.length, 0, flat);
  }
  return steps;
}
