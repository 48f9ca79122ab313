/**
 * Per vendor core, what each generic perf event maps to (the arch `vendor`
 * item, src/query/core-generic.ts) on both sides: a mapping that changed,
 * or an encoding the core stopped or started listing, is one change.
 */
import type { Model } from '../model/model.ts';
import { coreGeneric, type CoreGenericRow } from '../query/core-generic.ts';
import type { Tables } from '../runtime/tables.ts';
import type { Change } from './change.ts';

function shown(r: CoreGenericRow): string {
  if (r.refused) return `refused ${r.refused.code}`;
  const what = r.valueName ? `${r.value} ${r.valueName}` : (r.value ?? '');
  return r.listed.length ? `${what} (${r.listed[0]?.name ?? ''})` : `${what} (not listed)`;
}

export function compareCoreGeneric(
  a: { model: Model; tables: Tables },
  b: { model: Model; tables: Tables },
): Change[] {
  const out: Change[] = [];
  for (const ca of a.model.cores) {
    const cb = b.model.cores.find((c) => c.name === ca.name);
    if (!cb) continue;
    const ga = coreGeneric(a.model, a.tables, ca);
    const gb = coreGeneric(b.model, b.tables, cb);
    const ids = new Set([...(ga?.rows ?? []), ...(gb?.rows ?? [])].map((r) => r.generic));
    for (const id of ids) {
      const ra = ga?.rows.find((r) => r.generic === id);
      const rb = gb?.rows.find((r) => r.generic === id);
      const from = ra ? shown(ra) : 'no vendor item';
      const to = rb ? shown(rb) : 'no vendor item';
      if (from === to) continue;
      const fromOrigin = ra?.listed[0]?.origin ?? ca.origin;
      const toOrigin = rb?.listed[0]?.origin ?? cb.origin;
      out.push({ subject: `core ${ca.name}: ${id}`, from, to, fromOrigin, toOrigin });
    }
  }
  return out;
}
