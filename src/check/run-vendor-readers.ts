/**
 * PM2606, after the model is built: for each vendor core, each arch
 * `vendor` item of its pmu whose command is not a generic map (`over`) runs
 * every consumer of the command's interface with the core's facts bound to
 * its inputs (src/vendor/core-commands.ts); when they do not all give the
 * same answer, the warning lists each one. On Intel this is what every
 * reader of CPUID.0xA makes of a core whose fixed counters have a hole
 * (Clearwater Forest: the SDM uses 0x77, KVM offers 0x7).
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Model } from '../model/model.ts';
import type { Tables } from '../runtime/tables.ts';
import { EvalError, formatValue } from '../runtime/values.ts';
import type * as A from '../syntax/ast.ts';
import { runCoreCommand, vendorItemsFor } from '../vendor/core-commands.ts';
import { declsOf } from './context.ts';

export function runVendorReaders(
  model: Model,
  t: Tables,
  files: readonly A.FileAst[],
  bag: DiagnosticBag,
): void {
  const decls = new Map(declsOf(files, 'core').map((c) => [c.name.name, c]));
  for (const core of model.cores) {
    const decl = decls.get(core.name);
    if (!decl) continue;
    for (const { arch, binding } of vendorItemsFor(model, core)) {
      let run;
      try {
        run = runCoreCommand(model, t, arch, binding, core);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        continue;
      }
      if (!run || new Set(run.answers.map((a) => a.answer)).size < 2) continue;
      const given = Object.entries(run.inputs)
        .map(([k, v]) => `${k} = ${formatValue(v)}`)
        .join(', ');
      bag.report('VendorReadersDisagree', decl.fixed[0]?.span ?? decl.name.span, [
        core.name,
        `${run.interface} (${binding.origin})`,
        given,
        run.answers.map((a) => `${a.consumer} ${a.answer}`).join(', '),
      ]);
    }
  }
}
