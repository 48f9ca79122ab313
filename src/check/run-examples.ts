/**
 * Stage 4: run every example in the tables through the runtime and report,
 * at the expectation's line, each answer that contradicts it (PM4001) or
 * that cannot be computed (PM4003).
 */
import type * as A from '../syntax/ast.ts';
import type { MExpectItem, Model } from '../model/model.ts';
import { evaluate } from '../runtime/evaluate.ts';
import type { RunResult } from '../runtime/run.ts';
import { consumersOf, runConsumer } from '../runtime/run.ts';
import { loadTables, type Tables } from '../runtime/tables.ts';
import type { Value } from '../runtime/values.ts';
import { EvalError, formatValue, sameValue } from '../runtime/values.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { declsOf } from './context.ts';

function describeOutcome(r: RunResult): string {
  const o = r.outcome;
  if (!o) return 'no outcome';
  if (o.kind === 'refused') return `refuse ${o.code}`;
  if (o.kind === 'software') return 'software';
  if (o.kind === 'direct') return 'direct';
  if (o.event) return `generic ${o.event}`;
  return `perf { ${Object.entries(o.attr)
    .map(([k, v]) => `${k} = ${formatValue(v)}`)
    .join(', ')} }`;
}

/** The mismatch text ("gives X, expects Y") for one expectation item, or undefined if it holds. */
function mismatch(t: Tables, r: RunResult, item: MExpectItem): [string, string] | undefined {
  switch (item.kind) {
    case 'output': {
      const want: Value = evaluate(t, item.value);
      const got = r.outputs[item.name];
      if (got !== undefined && sameValue(got, want)) return undefined;
      return [
        `${item.name} = ${got === undefined ? '(unset)' : formatValue(got)}`,
        `${item.name} = ${formatValue(want)}`,
      ];
    }
    case 'refuse':
      return r.outcome?.kind === 'refused' && r.outcome.code === item.code
        ? undefined
        : [describeOutcome(r), `refuse ${item.code}`];
    case 'software':
      return r.outcome?.kind === 'software' ? undefined : [describeOutcome(r), 'software'];
    case 'direct':
      return r.outcome?.kind === 'direct' ? undefined : [describeOutcome(r), 'direct'];
    case 'generic': {
      const want = evaluate(t, item.event);
      const o = r.outcome;
      return o?.kind === 'perf' && o.event !== undefined && o.attr['config'] === want
        ? undefined
        : [describeOutcome(r), `generic event ${formatValue(want)}`];
    }
    case 'perf': {
      const o = r.outcome;
      const wanted = item.attrs.map((a) => [a.name, evaluate(t, a.value)] as const);
      const text = `perf { ${wanted.map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ')} }`;
      if (o?.kind !== 'perf') return [describeOutcome(r), text];
      const bad = wanted.find(([k, v]) => o.attr[k] === undefined || !sameValue(o.attr[k], v));
      return bad ? [describeOutcome(r), text] : undefined;
    }
  }
}

export function runExamples(model: Model, files: readonly A.FileAst[], bag: DiagnosticBag): void {
  const t = loadTables(model);
  const asts = declsOf(files, 'example');
  model.examples.forEach((example, i) => {
    const ast = asts[i];
    if (!ast) return;
    let inputs: Record<string, Value>;
    try {
      inputs = Object.fromEntries(example.given.map((g) => [g.name, evaluate(t, g.value)]));
    } catch (e) {
      if (!(e instanceof EvalError)) throw e;
      bag.report('ExampleFailed', ast.span, [example.title, '(inputs)', e.message]);
      return;
    }
    example.expects.forEach((expect, j) => {
      const span = ast.expects[j]?.span ?? ast.span;
      const names = expect.consumer ? [expect.consumer] : consumersOf(t, example.on);
      for (const name of names) {
        let result: RunResult;
        try {
          result = runConsumer(t, name, inputs, example.on);
        } catch (e) {
          if (!(e instanceof EvalError)) throw e;
          bag.report('ExampleFailed', span, [example.title, name, e.message]);
          continue;
        }
        for (const item of expect.items) {
          const bad = mismatch(t, result, item);
          if (bad) bag.report('ExampleContradicted', span, [example.title, name, bad[0], bad[1]]);
        }
      }
    });
  });
}
