/**
 * Breadth-first search over the states one machine reaches from the initial
 * state by the explore space's calls (on the explore block's host and on a
 * host with no records): which steps ever decide a call, and the shortest
 * sequence after which some call finds no step that decides it.
 */
import type { MMachine, MProtocol } from '../model/protocol-model.ts';
import type { Invocation, ProtocolState } from '../runtime/protocol-step.ts';
import { initialState, MachineRunner, stateKey } from '../runtime/protocol-step.ts';
import type { ExploreSpace } from './explore-space.ts';
import type { SearchNode } from './search-path.ts';
import { pathTo } from './search-path.ts';

export interface Reachability {
  /** Indices (in machine.steps) of the rule steps some explored call takes. */
  readonly decided: ReadonlySet<number>;
  /** The shortest sequence, then the call no step decides. */
  readonly undecided?: { readonly path: readonly Invocation[]; readonly call: Invocation };
  readonly states: number;
  /** False when the search stopped at the state limit. */
  readonly complete: boolean;
}

interface Node extends SearchNode {
  readonly state: ProtocolState;
  readonly parent?: Node;
}

/**
 * Results by what decides them (the protocol's and machine's meaning, not
 * their lines or docs, and the explore space): compiling the same tables
 * again in one process (tests, the language server, a reformatted file)
 * does not search again. Bounded, oldest out first.
 */
const memo = new Map<string, Reachability>();
const MEMO_SIZE = 64;

function meaning(value: unknown): string {
  return JSON.stringify(value, (k, v: unknown) =>
    k === 'origin' || k === 'doc'
      ? undefined
      : typeof v === 'bigint'
        ? `${v}n`
        : v instanceof Map
          ? [...v]
          : v,
  );
}

export function reachability(
  proto: MProtocol,
  machine: MMachine,
  space: ExploreSpace,
  maxStates = 20000,
): Reachability {
  const key = meaning([
    proto,
    machine.steps,
    space.vcpus,
    space.host,
    space.invocations.map((i) => [i.call.name, i.vcpu, i.args]),
    maxStates,
  ]);
  const known = memo.get(key);
  if (known) return known;
  const found = search(proto, machine, space, maxStates);
  memo.set(key, found);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  return found;
}

/**
 * Search from the explore space's host and from a host with no records (the
 * rules for a host without a PMU are reachable too), one after the other,
 * sharing what has decided so either can stop early.
 */
function search(
  proto: MProtocol,
  machine: MMachine,
  space: ExploreSpace,
  maxStates: number,
): Reachability {
  const decided = new Set<number>();
  const bare = searchOne(proto, machine, { ...space, host: new Map() }, maxStates, decided);
  if (bare.undecided) return bare;
  const full = searchOne(proto, machine, space, maxStates, decided);
  return { ...full, states: bare.states + full.states, complete: bare.complete && full.complete };
}

function searchOne(
  proto: MProtocol,
  machine: MMachine,
  space: ExploreSpace,
  maxStates: number,
  decided: Set<number>,
): Reachability {
  const runner = new MachineRunner(proto, machine);
  const start: Node = { state: initialState(proto, space.vcpus) };
  const seen = new Set([stateKey(start.state)]);
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
