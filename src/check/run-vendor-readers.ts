/**
 * PM2606, after the model is built: for each vendor core, each arch
 * `vendor` item of its pmu whose command is not a generic map (`over`) runs
 * every consumer of the command's interface with the core's facts bound to
 * its inputs; when they do not all give the same answer, the warning lists
 * each one. On Intel this is what every reader of CPUID.0xA makes of a core
 * whose fixed counters have a hole (Clearwater Forest: the SDM uses 0x77,
 * KVM offers 0x7).
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Model } from '../model/model.ts';
import type { RunResult } from '../runtime/run.ts';
import { consumersOf, runConsumer } from '../runtime/run.ts';
import type { Tables } from '../runtime/tables.ts';
import { EvalError, formatValue } from '../runtime/values.ts';
import type * as A from '../syntax/ast.ts';
import { boundInputs } from '../vendor/core-facts.ts';
import { declsOf } from './context.ts';

function answer(r: RunResult, output: string | undefined): string {
  if (r.outcome?.kind === 'refused') return `refuse ${r.outcome.code}`;
  const v = output === undefined ? undefined : r.outputs[output];
  return v === undefined ? '(unset)' : formatValue(v);
}

export function runVendorReaders(
  model: Model,
  t: Tables,
  files: readonly A.FileAst[],
  bag: DiagnosticBag,
): void {
  const decls = new Map(declsOf(files, 'core').map((c) => [c.name.name, c]));
  const items = model.archs.flatMap((arch) =>
    (arch.vendor ?? []).flatMap((binding) => {
      const command = arch.commands.find((c) => c.name === binding.command);
      return command && !command.over ? [{ binding, command }] : [];
    }),
  );
  for (const core of model.cores) {
    const decl = decls.get(core.name);
    if (!decl) continue;
    for (const { binding, command } of items) {
      if (binding.pmu !== core.pmu) continue;
      const iface = model.interfaces.find((i) => i.name === command.interface);
      const output = iface?.outputs[0]?.name;
      const inputs = boundInputs(binding.given, core);
      const answers: string[] = [];
      try {
        for (const name of consumersOf(t, command.interface))
          answers.push(
            `${name} ${answer(runConsumer(t, name, inputs, command.interface, { trace: false }), output)}`,
          );
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        continue;
      }
      const distinct = new Set(answers.map((a) => a.slice(a.indexOf(' ') + 1)));
      if (distinct.size < 2) continue;
      const given = Object.entries(inputs)
        .map(([k, v]) => `${k} = ${formatValue(v)}`)
        .join(', ');
      bag.report('VendorReadersDisagree', decl.fixed[0]?.span ?? decl.name.span, [
        core.name,
        `${command.interface} (${binding.origin})`,
        given,
        answers.join(', '),
      ]);
    }
  }
}
