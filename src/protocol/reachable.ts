/**
 * Breadth-first search over the states one machine reaches from the initial
 * state by the explore space's calls: which steps ever decide a call, and
 * the shortest sequence after which some call finds no step that decides it.
 */
import type { MMachine, MProtocol } from '../model/protocol-model.ts';
import type { Invocation, ProtocolState } from '../runtime/protocol-step.ts';
import { initialState, MachineRunner, stateKey } from '../runtime/protocol-step.ts';
import type { ExploreSpace } from './explore-space.ts';

export interface Reachability {
  /** Indices (in machine.steps) of the rule steps some explored call takes. */
  readonly decided: ReadonlySet<number>;
  /** The shortest sequence, then the call no step decides. */
  readonly undecided?: { readonly path: readonly Invocation[]; readonly call: Invocation };
  readonly states: number;
  /** False when the search stopped at the state limit. */
  readonly complete: boolean;
}

interface Node {
  readonly state: ProtocolState;
  readonly parent?: Node;
  readonly via?: Invocation;
}

function pathTo(n: Node): Invocation[] {
  const out: Invocation[] = [];
  for (let x: Node | undefined = n; x?.via; x = x.parent) out.push(x.via);
  return out.reverse();
}

export function reachability(
  proto: MProtocol,
  machine: MMachine,
  space: ExploreSpace,
  maxStates = 20000,
): Reachability {
  const runner = new MachineRunner(proto, machine);
  const start: Node = { state: initialState(proto, space.vcpus) };
  const seen = new Set([stateKey(start.state)]);
  const decided = new Set<number>();
  let undecided: Reachability['undecided'];
  let queue: Node[] = [start];
  let complete = true;
  // Once every rule has decided a call and every call ends in an unconditional
  // rule, nothing more can be learnt: stop early.
  const rules = machine.steps.filter((s) => s.kind === 'rule').length;
  const total = proto.calls.every((c) =>
    machine.steps.some((s) => s.kind === 'rule' && !s.condition && (s.call ?? c.name) === c.name),
  );
  while (queue.length > 0 && !(total && decided.size === rules)) {
    const next: Node[] = [];
    for (const node of queue) {
      for (const inv of space.invocations) {
        const out = runner.step(node.state, space.host, inv);
        if (out.result === null) {
          undecided ??= { path: pathTo(node), call: inv };
          continue;
        }
        if (out.step !== undefined) decided.add(out.step);
        // A call with no effect leaves the very state object: nothing new.
        if (out.state === node.state) continue;
        const key = stateKey(out.state);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          continue;
        }
        seen.add(key);
        next.push({ state: out.state, parent: node, via: inv });
      }
    }
    queue = next;
  }
  return { decided, ...(undecided ? { undecided } : {}), states: seen.size, complete };
}
