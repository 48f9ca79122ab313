/**
 * `pmumap run <interface> --set name=value ... [--consumer NAME] [--json] [--explain]`:
 * run every consumer of an interface (or the named ones) on the inputs and
 * print each answer, the step that decided it, and on request every step.
 */
import type { MInterface, Model } from '../../model/model.ts';
import type { RunResult } from '../../runtime/run.ts';
import { consumersOf, isRangesType, runConsumer } from '../../runtime/run.ts';
import type { Tables } from '../../runtime/tables.ts';
import { loadTables } from '../../runtime/tables.ts';
import type { Value } from '../../runtime/values.ts';
import { EvalError } from '../../runtime/values.ts';
import { explainRun } from '../explain.ts';
import { parseInputValue } from '../../query/input-values.ts';
import { resultJson } from './run-result-json.ts';
import type { ParsedArgs } from '../args.ts';
import { UsageError } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';

function parseInput(model: Model, iface: MInterface, assignment: string): [string, Value] {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects name=value, found '${assignment}'`);
  const name = assignment.slice(0, eq);
  return [name, parseInputValue(model, iface, name, assignment.slice(eq + 1), `--set ${name}`)];
}

/**
 * `run INTERFACE --set NAME=VALUE... [--consumer NAME]...` on loaded tables:
 * each chosen consumer's result. Mistakes are UsageErrors; an input a
 * lookup cannot take is an EvalError.
 */
export function runAnswer(
  model: Model,
  tables: Tables,
  ifaceName: string,
  args: ParsedArgs,
): { iface: MInterface; results: RunResult[] } {
  const iface = model.interfaces.find((i) => i.name === ifaceName);
  if (!iface) {
    throw new UsageError(
      `unknown interface '${ifaceName}'${didYouMean(
        ifaceName,
        model.interfaces.map((i) => i.name),
      )} (expected ${model.interfaces.map((i) => i.name).join(', ')})`,
    );
  }
  const inputs = Object.fromEntries(
    (args.options.get('set') ?? []).map((s) => parseInput(model, iface, s)),
  );
  const missing = iface.inputs
    .filter((i) => !Object.hasOwn(inputs, i.name) && !i.default && !isRangesType(i.type))
    .map((i) => i.name);
  if (missing.length > 0) throw new UsageError(`missing --set for input(s): ${missing.join(', ')}`);
  const all = consumersOf(tables, iface.name);
  const chosen = args.options.get('consumer') ?? all;
  for (const c of chosen) {
    if (!all.includes(c))
      throw new UsageError(
        `unknown consumer '${c}' of '${iface.name}'${didYouMean(c, all)} (expected ${all.join(', ')})`,
      );
  }
  return { iface, results: chosen.map((c) => runConsumer(tables, c, inputs, iface.name)) };
}

/** What `run --json` prints (also one line of `pmumap query`). */
export function runAnswerJson(answer: { iface: MInterface; results: RunResult[] }): unknown {
  return { interface: answer.iface.name, results: answer.results.map(resultJson) };
}

export async function runCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  const [ifaceName, ...rest] = args.positionals;
  if (!ifaceName)
    throw new UsageError('run needs an interface name, e.g. pmumap run fixed_counters --set ...');
  const loaded = await loadModel(io, rest, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const model = loaded.model;
  const tables = loadTables(model);
  let answer: { iface: MInterface; results: RunResult[] };
  try {
    answer = runAnswer(model, tables, ifaceName, args);
  } catch (e) {
    if (e instanceof EvalError) {
      io.stderr(`pmumap: cannot evaluate: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { iface, results } = answer;
  if (args.flags.has('json')) io.stdout(JSON.stringify(runAnswerJson(answer), null, 2) + '\n');
  else
    io.stdout(
      results.map((r) => explainRun(model, iface, r, args.flags.has('explain'))).join('\n') + '\n',
    );
  return 0;
}
