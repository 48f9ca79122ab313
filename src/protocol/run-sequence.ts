/**
 * Run a call sequence on each machine of a protocol: every call's result
 * and deciding tables line per machine, the calls where machines disagree,
 * and which of the sequence's expectations held.
 */
import type { MMachine, MProtocol } from '../model/protocol-model.ts';
import { initialState, MachineRunner } from '../runtime/protocol-step.ts';
import { expectedOf } from './sequence-expectation.ts';
import type { Sequence } from './sequence-file.ts';

export interface CallAnswer {
  readonly line: number;
  readonly call: string;
  /** "0" or "-ERRNO"; null: no step decided (tables check rejects). */
  readonly result: string | null;
  readonly source: string | null;
  readonly label?: string;
}

export interface SequenceRun {
  readonly machines: readonly string[];
  readonly answers: ReadonlyMap<string, readonly CallAnswer[]>;
  readonly disagreements: readonly {
    readonly line: number;
    readonly call: string;
    readonly results: Readonly<Record<string, string | null>>;
  }[];
  readonly held: number;
  readonly failures: readonly {
    readonly line: number;
    readonly call: string;
    readonly machine: string;
    readonly expected: string;
    readonly result: string | null;
  }[];
}

export function runSequence(
  proto: MProtocol,
  machines: readonly MMachine[],
  seq: Sequence,
  callText: (index: number) => string,
): SequenceRun {
  const answers = new Map<string, CallAnswer[]>();
  for (const m of machines) {
    const runner = new MachineRunner(proto, m);
    let state = initialState(proto, seq.vcpus);
    const list: CallAnswer[] = [];
    seq.calls.forEach((c, i) => {
      const out = runner.step(state, seq.host, c.invocation);
      state = out.state;
      list.push({
        line: c.line,
        call: callText(i),
        result: out.result,
        source: out.origin ?? null,
        ...(out.label ? { label: out.label } : {}),
      });
    });
    answers.set(m.name, list);
  }
  const disagreements: SequenceRun['disagreements'][number][] = [];
  const failures: SequenceRun['failures'][number][] = [];
  let held = 0;
  seq.calls.forEach((c, i) => {
    const results = Object.fromEntries(
      machines.map((m) => [m.name, answers.get(m.name)?.[i]?.result ?? null]),
    );
    if (new Set(Object.values(results)).size > 1) {
      disagreements.push({ line: c.line, call: callText(i), results });
    }
    if (c.expect === undefined) return;
    for (const m of machines) {
      const expected = expectedOf(c.expect, m.name);
      if (expected === undefined) continue;
      const result = results[m.name] ?? null;
      if (result === expected) held++;
      else failures.push({ line: c.line, call: callText(i), machine: m.name, expected, result });
    }
  });
  return { machines: machines.map((m) => m.name), answers, disagreements, held, failures };
}
