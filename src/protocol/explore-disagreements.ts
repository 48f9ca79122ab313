/**
 * Where machines of one protocol disagree: a breadth-first search over the
 * states all of them reach together by the same calls (the explore space),
 * up to a sequence length. A class of disagreement is the call and the
 * step that decides it in each machine (so the same rules disagreeing on
 * other argument values are one class); the first witness found of a class
 * is a shortest one.
 */
import type { MMachine, MProtocol } from '../model/protocol-model.ts';
import type { Invocation, ProtocolState, StepOutcome } from '../runtime/protocol-step.ts';
import { initialState, jointStateKey, MachineRunner } from '../runtime/protocol-step.ts';
import type { ExploreSpace } from './explore-space.ts';
import type { SearchNode } from './search-path.ts';
import { pathTo } from './search-path.ts';

export interface Disagreement {
  /** The calls before the one machines disagree on. */
  readonly path: readonly Invocation[];
  readonly call: Invocation;
  readonly results: Readonly<Record<string, string | null>>;
  readonly sources: Readonly<Record<string, string | null>>;
}

export interface ExploreResult {
  readonly classes: readonly Disagreement[];
  readonly states: number;
  /** False when the search stopped at the state limit before the depth. */
  readonly complete: boolean;
}

interface Node extends SearchNode {
  readonly states: readonly ProtocolState[];
  readonly parent?: Node;
}

/** A class: the call and, per machine, the step that decides it. */
function classKey(inv: Invocation, outs: readonly StepOutcome[]): string {
  return `${inv.call.name} ${outs.map((o) => `${o.result ?? '?'}@${o.step ?? -1}`).join(' ')}`;
}

export function exploreDisagreements(
  proto: MProtocol,
  machines: readonly MMachine[],
  space: ExploreSpace,
  depth: number,
  maxStates = 200000,
): ExploreResult {
  const runners = machines.map((m) => new MachineRunner(proto, m));
  const start: Node = { states: machines.map(() => initialState(proto, space.vcpus)) };
  const seen = new Set([jointStateKey(start.states)]);
  const classes = new Map<string, Disagreement>();
  let queue = [start];
  let complete = true;
  for (let d = 0; d < depth && queue.length > 0; d++) {
    const next: Node[] = [];
    for (const node of queue) {
      for (const inv of space.invocations) {
        const outs = runners.map((r, i) => r.step(node.states[i]!, space.host, inv));
        const results = outs.map((o) => o.result);
        if (new Set(results).size > 1) {
          const key = classKey(inv, outs);
          if (!classes.has(key)) {
            classes.set(key, {
              path: pathTo(node),
              call: inv,
              results: Object.fromEntries(machines.map((m, i) => [m.name, results[i] ?? null])),
              sources: Object.fromEntries(
                machines.map((m, i) => [m.name, outs[i]?.origin ?? null]),
              ),
            });
          }
        }
        if (d + 1 >= depth) continue;
        if (outs.every((o, i) => o.state === node.states[i])) continue;
        const states = outs.map((o) => o.state);
        const key = jointStateKey(states);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          continue;
        }
        seen.add(key);
        next.push({ states, parent: node, via: inv });
      }
    }
    queue = next;
  }
  return { classes: [...classes.values()], states: seen.size, complete };
}
