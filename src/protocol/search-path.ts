/**
 * The breadth-first searches over protocol states (reachable.ts: one
 * machine; explore-disagreements.ts: all machines together) keep, per
 * state found, the node it was reached from and by which call, so a
 * witness is read back from the node instead of stored with every state.
 */
import type { Invocation } from '../runtime/protocol-step.ts';

/** A node of such a search: the start has neither a parent nor a call. */
export interface SearchNode {
  readonly parent?: SearchNode;
  readonly via?: Invocation;
}

/** The calls from the start to `node`, first call first. */
export function pathTo(node: SearchNode): Invocation[] {
  const out: Invocation[] = [];
  for (let x: SearchNode | undefined = node; x?.via; x = x.parent) out.push(x.via);
  return out.reverse();
}
