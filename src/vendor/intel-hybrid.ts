/**
 * The hybrid systems mapfile.csv describes: every family-model whose rows
 * name two or more core event files (a P-core and one or two E-core types)
 * is a machine whose cores run side by side. Family-models with the same
 * set of cores become one `system` declaration in hybrid.pmumap, named
 * after the vendor folder (ADL -> adl; a second set in a folder -> arl_2).
 */
import type { Decl } from '../syntax/ast.ts';
import { commentText, headerLines, type VendorFile } from './dsl-text.ts';
import { DslWriter, writeSystem } from './dsl-writer.ts';

/** The file the systems are written to (reserved: no core file may take its name). */
export const HYBRID_FILE = 'hybrid.pmumap';

export interface HybridRow {
  readonly familyModel: string;
  /** The core event file, relative to the data directory. */
  readonly file: string;
  readonly coreType: string;
}

export function hybridSystems(
  rows: readonly HybridRow[],
  /** Vendor file -> the imported core's identifier and generated file name. */
  cores: ReadonlyMap<string, { readonly ident: string; readonly fileName: string }>,
  sourceLabel: string,
): VendorFile | undefined {
  // family-model -> the imported cores its hybrid rows name (mapfile order).
  const byModel = new Map<string, string[]>();
  for (const r of rows) {
    const ident = cores.get(r.file)?.ident;
    if (r.coreType === '' || ident === undefined) continue;
    const list = byModel.get(r.familyModel) ?? [];
    if (!list.includes(ident)) list.push(ident);
    byModel.set(r.familyModel, list);
  }
  // The same set of cores -> one system, listing its family-models.
  const systems = new Map<string, { cores: string[]; models: string[]; dir: string }>();
  for (const [model, idents] of byModel) {
    if (idents.length < 2) continue;
    const key = [...idents].sort().join(' ');
    const dir = rows.find((r) => cores.get(r.file)?.ident === idents[0])?.file.split('/')[0] ?? 'x';
    const s = systems.get(key) ?? { cores: idents, models: [], dir };
    s.models.push(model);
    systems.set(key, s);
  }
  if (systems.size === 0) return undefined;
  const all = [...systems.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const fileOf = new Map([...cores.values()].map((c) => [c.ident, c.fileName]));
  const imports = [...new Set(all.flatMap((s) => s.cores.map((c) => fileOf.get(c) ?? c)))].sort();
  const w = new DslWriter();
  w.raw(
    `${headerLines('intel-perfmon', sourceLabel, 'mapfile.csv', 'BSD-3-Clause').join('\n')}\n\n`,
  );
  const decls: Decl[] = [];
  for (const f of imports) {
    decls.push(w.importDecl(f));
    w.raw('\n');
  }
  w.raw('\n');
  const perDir = new Map<string, number>();
  all.forEach((s, i) => {
    if (i > 0) w.raw('\n');
    const n = (perDir.get(s.dir) ?? 0) + 1;
    perDir.set(s.dir, n);
    const name = `${s.dir.toLowerCase().replace(/[^a-z0-9_]/g, '_')}${n > 1 ? `_${n}` : ''}`;
    w.raw(`// ${commentText(s.models.join(', '))}\n`);
    decls.push(
      writeSystem(w, { name, text: `${s.dir} hybrid (${s.models.join(', ')})`, cores: s.cores }),
    );
    w.raw('\n');
  });
  return { name: HYBRID_FILE, text: w.text, decls };
}
