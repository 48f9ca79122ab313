/**
 * `pmumap explain ARCH CORE tables tables/vendor`: one vendor core as the
 * tables see it: its identification and counters, what the manuals say it
 * lacks, each arch `vendor` item's answer for it (the generic perf events it
 * maps to, and what every consumer of any other bound command makes of it),
 * and what it shares with the other cores of its systems.
 */
import type { MArch, MCore, Model } from '../model/model.ts';
import { coreGeneric } from '../query/core-generic.ts';
import type { Tables } from '../runtime/tables.ts';
import { formatValue } from '../runtime/values.ts';
import { runCoreCommand, vendorItemsFor } from '../vendor/core-commands.ts';
import { coreEncodings, sharedEncodings } from '../vendor/core-encodings.ts';
import { boundInputs } from '../vendor/core-facts.ts';
import { explainGiven } from './explain-given.ts';

export function explainCore(model: Model, t: Tables, arch: MArch, core: MCore): string[] {
  const fixed = [...new Set(core.fixed.map((f) => f.index))].sort((a, b) => a - b);
  const top = fixed.length ? (fixed[fixed.length - 1] ?? 0) : -1;
  const holes = Array.from({ length: top + 1 }, (_, i) => i).filter((i) => !fixed.includes(i));
  const out = [
    `core ${core.name}${core.doc ? ` "${core.doc}"` : ''} : ${core.pmu}  (${core.origin})`,
    ...(core.source ? [`  vendor file: ${core.source}`] : []),
    ...(core.id ? [`  id: ${core.id}${core.idDoc ? ` (${core.idDoc})` : ''}`] : []),
    ...(core.arch ? [`  arch: ${core.arch}`] : []),
    ...(core.counters !== undefined ? [`  programmable counters: ${core.counters}`] : []),
    `  fixed counters: {${fixed.join(', ')}}${holes.length ? `, hole: ${holes.join(', ')}` : ''}`,
    `  events: ${core.common.length} architectural, ${core.events.length} other, ${coreEncodings(core).size} distinct encodings`,
  ];
  const generic = coreGeneric(model, t, core);
  if (generic) {
    out.push(
      '',
      `generic perf events (${generic.consumer}, ${generic.binding.origin}):`,
      ...explainGiven(generic.binding, boundInputs(generic.binding.given, core)),
      ...generic.rows.map((r) => {
        if (r.refused) return `  ${r.generic}: refused ${r.refused.code}`;
        const what = `${r.value}${r.valueName ? ` ${r.valueName}` : ''}`;
        const listed = r.listed.length
          ? r.listed.map((l) => `${l.name} (record ${l.record})`).join(', ')
          : 'not listed by the vendor';
        return `  ${r.generic}: ${what}: ${listed}`;
      }),
    );
  } else {
    out.push(
      '',
      `generic perf events: no ${arch.name} vendor item with a generic map covers this core`,
    );
  }
  for (const { arch: a, binding } of vendorItemsFor(model, core)) {
    const run = runCoreCommand(model, t, a, binding, core);
    if (!run) continue;
    const given = Object.entries(run.inputs)
      .map(([k, v]) => `${k} = ${formatValue(v)}`)
      .join(', ');
    out.push(
      '',
      `${run.interface} given ${given} (${binding.origin}):`,
      ...explainGiven(binding, run.inputs),
      ...run.answers.map((x) => `  ${x.consumer}: ${x.answer}`),
    );
  }
  for (const s of model.systems.filter((x) => x.cores.includes(core.name))) {
    const cores = s.cores.flatMap((n) => model.cores.filter((c) => c.name === n));
    const shared = sharedEncodings(cores);
    out.push(
      '',
      `system ${s.name} (${s.origin}): with ${s.cores.filter((n) => n !== core.name).join(', ')}, ${shared.sameName} encodings under one name, ${shared.differentNames.length} under different names`,
      ...shared.differentNames.slice(0, 5).map((d) => `  ${d.encoding}: ${d.names.join(' | ')}`),
      ...(shared.differentNames.length > 5 ? ['  ...'] : []),
    );
  }
  return out;
}
