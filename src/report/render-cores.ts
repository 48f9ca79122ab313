/**
 * The vendor-core sections of the report, in Markdown and HTML: each core's
 * generic perf mappings and what the cores of each `system` share.
 */
import type { Cell } from '../query/report/cell.ts';
import type { ReportCoreSections } from '../query/report/collect-cores.ts';
import { esc } from './escape.ts';

export function coreSectionsMarkdown(
  s: ReportCoreSections,
  row: (cells: readonly string[]) => string,
  head: (cells: readonly string[]) => string[],
): string[] {
  const out: string[] = [];
  if (s.coreGeneric.length) {
    out.push(
      '## Generic perf events per vendor core',
      '',
      'Each PERF_COUNT_HW_* id run through the arch\'s generic map for the core, and whether the core\'s vendor data lists the encoding perf would program ("not listed": it does not).',
      '',
    );
    for (const g of s.coreGeneric) {
      out.push(
        `### ${g.arch}: ${g.consumer} (${g.origin})`,
        '',
        ...(g.doc ? [g.doc, ''] : []),
        ...head(['core', ...g.ids]),
        ...g.rows.map((r) => row([r.core, ...r.cells.map((c) => c.text)])),
        '',
      );
    }
    if (s.coresWithoutGeneric.length)
      out.push(`No vendor item covers: ${s.coresWithoutGeneric.join(', ')}.`, '');
  }
  if (s.systems.length) {
    out.push('## What the cores of a system share', '');
    for (const sys of s.systems) {
      out.push(
        `### ${sys.name}: ${sys.doc ?? ''} (${sys.origin})`,
        '',
        `Cores: ${sys.cores.map((c) => `${c.name} (${c.encodings} encodings)`).join(', ')}. Every core lists ${sys.sameName + sys.differentNames.length} encodings; ${sys.sameName} under the same name, ${sys.differentNames.length} under different names.`,
        '',
        ...head(['generic event', 'same on every core', ...sys.cores.map((c) => c.name)]),
        ...sys.generic.map((g) => row([g.generic, g.shared ?? 'no', ...g.perCore])),
        '',
      );
      if (sys.differentNames.length) {
        out.push(
          ...head(['encoding', ...sys.cores.map((c) => c.name)]),
          ...sys.differentNames.map((d) => row([d.encoding, ...d.names])),
          '',
        );
      }
    }
  }
  return out;
}

export function coreSectionsHtml(s: ReportCoreSections, cell: (c: Cell) => string): string[] {
  const out: string[] = [];
  if (s.coreGeneric.length) {
    out.push(
      '<section id="core-generic"><h2>Generic perf events per vendor core</h2><div>Each PERF_COUNT_HW_* id run through the arch\'s generic map for the core; red: perf would program an encoding the core\'s vendor data does not list, or refuses.</div>',
    );
    for (const g of s.coreGeneric) {
      out.push(
        `<h3><code>${esc(g.arch)}</code>: <code>${esc(g.consumer)}</code> <small>${esc(g.origin)}</small></h3>`,
        g.doc ? `<div>${esc(g.doc)}</div>` : '',
        `<table><tr><th>core</th>${g.ids.map((id) => `<th>${esc(id)}</th>`).join('')}</tr>`,
        ...g.rows.map(
          (r) => `<tr><td><code>${esc(r.core)}</code></td>${r.cells.map(cell).join('')}</tr>`,
        ),
        '</table>',
      );
    }
    if (s.coresWithoutGeneric.length)
      out.push(`<div>No vendor item covers: ${esc(s.coresWithoutGeneric.join(', '))}.</div>`);
    out.push('</section>');
  }
  if (s.systems.length) {
    out.push('<section id="systems"><h2>What the cores of a system share</h2>');
    for (const sys of s.systems) {
      out.push(
        `<h3><code>${esc(sys.name)}</code> ${esc(sys.doc ?? '')} <small>${esc(sys.origin)}</small></h3>`,
        `<div>${sys.sameName + sys.differentNames.length} encodings listed by every core: ${sys.sameName} under the same name, ${sys.differentNames.length} under different names.</div>`,
        `<table><tr><th>generic event</th><th>same on every core</th>${sys.cores.map((c) => `<th>${esc(c.name)}</th>`).join('')}</tr>`,
        ...sys.generic.map(
          (g) =>
            `<tr><td>${esc(g.generic)}</td><td class="${g.shared ? 'value' : 'refused'}">${esc(g.shared ?? 'no')}</td>${g.perCore.map((p) => `<td>${esc(p)}</td>`).join('')}</tr>`,
        ),
        '</table>',
      );
      if (sys.differentNames.length) {
        out.push(
          `<table><tr><th>encoding</th>${sys.cores.map((c) => `<th>${esc(c.name)}</th>`).join('')}</tr>`,
          ...sys.differentNames.map(
            (d) =>
              `<tr><td><code>${esc(d.encoding)}</code></td>${d.names.map((n) => `<td>${esc(n)}</td>`).join('')}</tr>`,
          ),
          '</table>',
        );
      }
    }
    out.push('</section>');
  }
  return out;
}
