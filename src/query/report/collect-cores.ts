/**
 * The report's vendor-core sections: each core's generic perf mappings
 * (grouped by the arch `vendor` item that computes them) and, per
 * `system`, what its cores share.
 */
import type { Model } from '../../model/model.ts';
import type { Tables } from '../../runtime/tables.ts';
import type { Cell } from './cell.ts';
import { coreGeneric, vendorBinding } from '../core-generic.ts';
import type { SystemShare } from '../core-systems.ts';
import { systemShares } from '../core-systems.ts';

export interface ReportCoreGeneric {
  readonly arch: string;
  readonly consumer: string;
  readonly doc?: string;
  readonly origin: string;
  /** Column heads: the generic events. */
  readonly ids: readonly string[];
  readonly rows: readonly { readonly core: string; readonly cells: readonly Cell[] }[];
}

export interface ReportCoreSections {
  readonly coreGeneric: readonly ReportCoreGeneric[];
  /** Cores no `vendor` item covers (e.g. Armv7: arch/arm's per-core maps are not modelled). */
  readonly coresWithoutGeneric: readonly string[];
  readonly systems: readonly SystemShare[];
}

export function coreSections(model: Model, t: Tables): ReportCoreSections {
  const groups = new Map<
    string,
    ReportCoreGeneric & { rows: ReportCoreGeneric['rows'][number][] }
  >();
  const without: string[] = [];
  for (const core of model.cores) {
    const found = vendorBinding(model, core);
    const g = coreGeneric(model, t, core);
    if (!found || !g) {
      without.push(core.name);
      continue;
    }
    const key = found.binding.origin;
    let group = groups.get(key);
    if (!group) {
      group = {
        arch: g.arch,
        consumer: g.consumer,
        ...(found.binding.doc ? { doc: found.binding.doc } : {}),
        origin: found.binding.origin,
        ids: g.rows.map((r) => r.generic),
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push({
      core: core.name,
      cells: g.rows.map((r): Cell => {
        if (r.refused) return { kind: 'refused', text: r.refused.code, detail: r.refused.message };
        const what = r.valueName ?? r.value ?? '';
        if (r.listed.length === 0)
          return {
            kind: 'refused',
            text: `${what} (not listed)`,
            detail: `${core.name} lists no event with encoding ${r.value ?? ''}`,
          };
        return {
          kind: 'value',
          text: r.valueName ? what : `${what} ${r.listed[0]?.name ?? ''}`,
          detail: r.listed.map((l) => `${l.name} (record ${l.record})`).join(', '),
          ...(r.listed[0] ? { origin: r.listed[0].origin } : {}),
        };
      }),
    });
  }
  return {
    coreGeneric: [...groups.values()],
    coresWithoutGeneric: without,
    systems: systemShares(model, t),
  };
}
