/**
 * The report as one self-contained HTML page: inline CSS and SVG, no
 * script, no external asset, no network. Every row carries its tables
 * line; every cell's full answer is in its title.
 */
import type { Cell } from '../query/report/cell.ts';
import type { Matrix, ReportData, ReportRegister, ReportTable } from '../query/report/collect.ts';
import { anchor, esc } from './escape.ts';
import { registerSvg } from './register-svg.ts';
import { coreSectionsHtml } from './render-cores.ts';
import { protocolsHtml } from './render-protocols.ts';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; color: #1f2933; }
h1 { margin: 24px 0 4px; } h2 { border-bottom: 2px solid #cbd2d9; padding-bottom: 4px; margin-top: 40px; }
h3 { margin: 24px 0 6px; } nav a { margin-right: 14px; }
table { border-collapse: collapse; margin: 6px 0 14px; }
th, td { border: 1px solid #d9e2ec; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.origin, span.origin { color: #7b8794; font-size: 12px; white-space: nowrap; }
code { font: 12.5px ui-monospace, monospace; }
.perf { background: #e3f9e5; } .generic { background: #d9f1ff; } .software { background: #f0e6ff; }
.direct { background: #fff3c4; } .refused { background: #ffe3e3; } .value { background: #fff; }
svg.reg { display: block; margin: 6px 0; font: 11px ui-monospace, monospace; }
svg.reg .row { fill: none; stroke: #9aa5b1; }
svg.reg .field rect { fill: #e3f0ff; stroke: #2680c2; }
svg.reg .res rect { fill: #e4e7eb; stroke: #9aa5b1; } svg.reg .res text { fill: #7b8794; }
svg.reg .gated rect { fill: #fff3c4; stroke: #cb6e17; stroke-dasharray: 4 2; }
svg.reg text { fill: #1f2933; } svg.reg text.bit { fill: #7b8794; font-size: 9px; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 8px; border: 1px solid #9aa5b1; }
figure { margin: 14px 0 22px; } figcaption { font-weight: 600; }
`;

function origin(o: string | undefined): string {
  return o ? `<td class="origin">${esc(o)}</td>` : '<td class="origin"></td>';
}

function cell(c: Cell): string {
  const title = [c.detail, c.origin].filter(Boolean).join('\n');
  return `<td class="${esc(c.kind)}"${title ? ` title="${esc(title)}"` : ''}>${esc(c.text)}</td>`;
}

function register(r: ReportRegister): string {
  const gated = r.fields.filter((f) => f.gate);
  return [
    `<figure id="reg-${anchor(r.name)}" class="register">`,
    `<figcaption>${esc(r.name)} <span class="origin">(${r.width} bits, ${esc(r.origin)})</span></figcaption>`,
    r.doc ? `<div>${esc(r.doc)}</div>` : '',
    r.note ? `<div><em>${esc(r.note)}</em></div>` : '',
    registerSvg(r),
    gated.length
      ? `<div>* ${gated.map((f) => `<code>${esc(f.name)}</code> exists when <code>${esc(f.gate ?? '')}</code>`).join('; ')}</div>`
      : '',
    '<table><tr><th>bits</th><th>field</th><th>meaning</th><th>line</th></tr>',
    ...r.fields.map(
      (f) =>
        `<tr><td><code>${f.msb === f.lsb ? f.msb : `${f.msb}:${f.lsb}`}</code></td><td><code>${esc(f.reserved ? f.reserved.toUpperCase() : f.name)}</code></td><td>${esc([f.doc, f.enum ? `values: ${f.enum}` : '', f.gate ? `when ${f.gate}` : ''].filter(Boolean).join('; '))}</td>${origin(f.origin)}</tr>`,
    ),
    '</table></figure>',
  ].join('\n');
}

function table(t: ReportTable, id: string): string {
  return [
    `<div id="${id}" class="lookup"><h3>${esc(t.title)} <span class="origin">${esc(t.origin)}</span></h3>`,
    t.doc ? `<div>${esc(t.doc)}</div>` : '',
    '<table><tr><th>key</th><th>value</th><th>note</th><th>line</th></tr>',
    ...t.rows.map(
      (r) =>
        `<tr><td><code>${esc(r.key)}</code></td><td><code>${esc(r.value)}</code></td><td>${esc(r.doc ?? '')}</td>${origin(r.origin)}</tr>`,
    ),
    '</table></div>',
  ].join('\n');
}

function matrix(m: Matrix): string {
  return [
    `<div id="${esc(anchor(m.id))}" class="matrix"><h3>${esc(m.title)}</h3><div>${esc(m.doc)}</div>`,
    `<table><tr><th>event</th><th>code</th>${m.columns.map((c) => `<th>${esc(c)}</th>`).join('')}<th>line</th></tr>`,
    ...m.rows.map(
      (r) =>
        `<tr><td title="${esc(r.doc ?? '')}"><code>${esc(r.name)}</code></td><td><code>${esc(r.code)}</code></td>${r.cells.map(cell).join('')}${origin(r.origin)}</tr>`,
    ),
    '</table></div>',
  ].join('\n');
}

export function renderHtml(
  d: ReportData,
  meta: { version: string; sources: readonly string[] },
): string {
  const sections = [
    ['architectures', 'Architectures'],
    ['registers', 'Registers'],
    ['pmus', 'PMU implementations'],
    ['mappings', 'Event mappings'],
    ['tables', 'Lookup tables'],
    ['disagreements', 'Where consumers disagree'],
    ['examples', 'Examples'],
    ['reasons', 'Refusal reasons'],
    ...(d.cores.length ? [['cores', 'Vendor cores']] : []),
    ...(d.coreSections.coreGeneric.length ? [['core-generic', 'Generic events per core']] : []),
    ...(d.coreSections.systems.length ? [['systems', 'Systems']] : []),
  ];
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>pmumap report</title><style>${STYLE}</style></head><body>`,
    `<header><h1>pmumap report</h1><div>pmumap ${esc(meta.version)}, ${meta.sources.length} tables files: ${meta.sources.map((s) => `<code>${esc(s)}</code>`).join(', ')}</div>`,
    `<nav>${sections.map(([id, title]) => `<a href="#${id}">${esc(title ?? '')}</a>`).join('')}</nav></header>`,
  ];

  out.push('<section id="architectures"><h2>Architectures</h2>');
  for (const a of d.archs) {
    out.push(`<h3>${esc(a.name)} <span class="origin">${esc(a.origin)}</span></h3>`);
    if (a.doc) out.push(`<div>${esc(a.doc)}</div>`);
    out.push(
      '<ul>',
      ...a.commands.map(
        (c) => `<li><code>pmumap ${esc(c.name)} ${esc(a.name)}</code>: ${esc(c.text)}</li>`,
      ),
      '</ul>',
    );
  }
  out.push('</section>');

  out.push(
    '<section id="registers"><h2>Registers</h2>',
    '<div class="legend"><span style="background:#e3f0ff">field</span><span style="background:#e4e7eb">RES0 / RES1</span><span style="background:#fff3c4;border-style:dashed">* exists only from some version</span></div>',
    ...d.registers.map(register),
    '</section>',
  );

  out.push('<section id="pmus"><h2>PMU implementations</h2>');
  for (const p of d.pmus) {
    out.push(
      `<article id="pmu-${anchor(p.name)}"><h3>${esc(p.name)}${p.parent ? ` extends ${esc(p.parent)}` : ''} <span class="origin">${esc(p.origin)}</span></h3>`,
      p.doc ? `<div>${esc(p.doc)}</div>` : '',
      '<table><tr><th>counter</th><th>kind</th><th>via</th><th>note</th><th>line</th></tr>',
      ...p.counters.map(
        (c) =>
          `<tr><td><code>${esc(c.index)}</code></td><td><code>${esc(c.kind)}</code></td><td><code>${esc(c.via ?? '')}</code></td><td>${esc([c.doc, c.gate ? `when ${c.gate}` : ''].filter(Boolean).join('; '))}</td>${origin(c.origin)}</tr>`,
      ),
      '</table>',
    );
    if (p.props.length) {
      out.push(
        '<table><tr><th>property</th><th>value</th><th>line</th></tr>',
        ...p.props.map(
          (r) =>
            `<tr><td><code>${esc(r.key)}</code></td><td><code>${esc(r.value)}</code></td>${origin(r.origin)}</tr>`,
        ),
        '</table>',
      );
    }
    for (const t of p.tables) out.push(table(t, `table-${anchor(t.title)}`));
    out.push('</article>');
  }
  out.push('</section>');

  out.push(
    '<section id="mappings"><h2>Event mappings</h2>',
    '<div class="legend"><span class="perf">perf event</span><span class="generic">generic perf event</span><span class="software">emulated</span><span class="direct">guest-owned</span><span class="refused">refused (reason)</span></div>',
    ...d.matrices.map(matrix),
    '</section>',
  );

  out.push(
    '<section id="tables"><h2>Lookup tables</h2>',
    ...d.tables.map((t) => table(t, `table-${anchor(t.name)}`)),
    '</section>',
  );

  out.push('<section id="disagreements"><h2>Where consumers disagree</h2>');
  for (const x of d.disagreements) {
    out.push(
      `<h3>${esc(x.interface)}</h3><div>${x.space.size} inputs (${esc(x.space.dimensions.map((dim) => `${dim.name} ×${dim.values}`).join(', '))}); ${x.classes.length} classes; consumers ${esc(x.consumers.join(', '))}. Each class keeps its smallest witness.</div>`,
      `<table><tr><th>class</th><th>inputs</th><th>witness</th>${x.consumers.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`,
      ...x.classes.map(
        (c) =>
          `<tr><td><code>${esc(c.signature)}</code></td><td>${c.count}</td><td><code>${esc(
            Object.entries(c.witness)
              .map(([k, v]) => `${k}=${v}`)
              .join(' '),
          )}</code></td>${x.consumers
            .map((name) => {
              const a = c.answers[name];
              return a
                ? `<td title="${esc(a.rule)}"><code>{${a.members.join(',')}}</code></td>`
                : '<td></td>';
            })
            .join('')}</tr>`,
      ),
      '</table>',
    );
  }
  out.push('</section>');

  out.push(
    '<section id="examples"><h2>Examples</h2><div>Every example of the tables, as each consumer answers it (the compiler checks each against its expectation).</div>',
  );
  for (const x of d.examples) {
    out.push(
      `<article id="example-${anchor(x.title)}" class="example"><h3>${esc(x.title)} <span class="origin">${esc(x.origin)}</span></h3>`,
      `<div>on <code>${esc(x.on)}</code>${x.cite ? `; source: ${esc(x.cite)}` : ''}</div>`,
      `<div>given <code>${esc(x.given)}</code></div>`,
      '<table><tr><th>consumer</th><th>kernel</th><th>answer</th><th>decided by</th></tr>',
      ...x.answers.map(
        (a) =>
          `<tr><td><code>${esc(a.consumer)}</code></td><td>${esc(a.status)}</td>${cell({ ...a.cell, text: a.cell.detail && a.cell.kind !== 'value' ? `${a.cell.text}: ${a.cell.detail}` : a.cell.text })}${origin(a.cell.origin)}</tr>`,
      ),
      '</table></article>',
    );
  }
  out.push('</section>');

  if (d.cores.length) {
    out.push(
      '<section id="cores"><h2>Vendor cores</h2><div>From <code>pmumap import</code>; a fixed counter missing below the highest is marked as a hole (PM2602).</div>',
      '<table><tr><th>core</th><th>pmu</th><th>id</th><th>counters</th><th>fixed counters</th><th>architectural</th><th>other events</th><th>vendor file</th><th>line</th></tr>',
      ...d.cores.map(
        (c) =>
          `<tr><td title="${esc(c.doc ?? '')}"><code>${esc(c.name)}</code></td><td><code>${esc(c.pmu)}</code></td><td><code>${esc(c.id ?? '')}</code></td><td>${c.counters ?? ''}</td><td${c.holes.length ? ' class="refused"' : ''}><code>{${c.fixed.join(', ')}}</code>${c.holes.length ? ` hole: ${c.holes.join(', ')}` : ''}</td><td>${c.architectural}</td><td>${c.events}</td><td><code>${esc(c.source ?? '')}</code></td>${origin(c.origin)}</tr>`,
      ),
      '</table></section>',
    );
  }
  out.push(...coreSectionsHtml(d.coreSections, cell));
  out.push(...protocolsHtml(d.protocols ?? []));
  out.push(
    '<section id="reasons"><h2>Refusal reasons</h2><table><tr><th>code</th><th>meaning</th><th>line</th></tr>',
    ...d.reasons.map(
      (r) =>
        `<tr><td><code>${esc(r.code)}</code></td><td>${esc(r.doc)}</td>${origin(r.origin)}</tr>`,
    ),
    '</table></section>',
    '</body></html>',
    '',
  );
  return out.filter((l) => l !== '').join('\n');
}
