/**
 * The hybrid systems mapfile.csv describes: every family-model whose rows
 * name two or more core event files (a P-core and one or two E-core types)
 * is a machine whose cores run side by side. Family-models with the same
 * set of cores become one `system` declaration in hybrid.pmumap, named
 * after the vendor folder (ADL -> adl; a second set in a folder -> arl_2).
 */
import { commentText, dslString, headerLines, type VendorFile } from './dsl-text.ts';

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
  const lines = headerLines('intel-perfmon', sourceLabel, 'mapfile.csv', 'BSD-3-Clause');
  lines.push('', ...imports.map((f) => `import "${f}"`), '');
  const perDir = new Map<string, number>();
  for (const s of all) {
    const n = (perDir.get(s.dir) ?? 0) + 1;
    perDir.set(s.dir, n);
    const name = `${s.dir.toLowerCase().replace(/[^a-z0-9_]/g, '_')}${n > 1 ? `_${n}` : ''}`;
    lines.push(
      `// ${commentText(s.models.join(', '))}`,
      `system ${name} ${dslString(`${s.dir} hybrid (${s.models.join(', ')})`)} { ${s.cores.join(' ')} }`,
      '',
    );
  }
  return { name: 'hybrid.pmumap', text: lines.join('\n') };
}
