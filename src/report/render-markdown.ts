/**
 * The report as Markdown, for a mailing-list mail or a pull request:
 * the same sections as the HTML page, registers as bit tables instead of
 * diagrams, every row with its tables line.
 */
import type { Cell } from '../query/report/cell.ts';
import type { ReportData, ReportTable } from '../query/report/collect.ts';
import { coreSectionsMarkdown } from './render-cores.ts';
import { protocolsMarkdown } from './render-protocols.ts';

/** Table-cell text: no pipe or newline can break the row. */
function md(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(md).join(' | ')} |`;
}

function head(cells: readonly string[]): string[] {
  return [row(cells), `|${cells.map(() => ' --- ').join('|')}|`];
}

function cellText(c: Cell): string {
  return c.kind === 'perf' && c.detail ? `${c.text} (${c.detail})` : c.text;
}

function lookup(t: ReportTable): string[] {
  return [
    `#### ${t.title} (${t.origin})`,
    '',
    ...(t.doc ? [t.doc, ''] : []),
    ...head(['key', 'value', 'note', 'line']),
    ...t.rows.map((r) => row([r.key, r.value, r.doc ?? '', r.origin])),
    '',
  ];
}

export function renderMarkdown(
  d: ReportData,
  meta: { version: string; sources: readonly string[] },
): string {
  const out: string[] = [
    '# pmumap report',
    '',
    `pmumap ${meta.version}, ${meta.sources.length} tables files.`,
    '',
    '## Architectures',
    '',
  ];
  for (const a of d.archs) {
    out.push(
      `### ${a.name} (${a.origin})`,
      '',
      ...a.commands.map((c) => `- \`pmumap ${c.name} ${a.name}\`: ${c.text}`),
      '',
    );
  }
  out.push('## Registers', '', 'A field marked "when" exists only from that version.', '');
  for (const r of d.registers) {
    out.push(`### ${r.name} (${r.width} bits, ${r.origin})`, '');
    if (r.doc) out.push(r.doc, '');
    if (r.note) out.push(`_${r.note}_`, '');
    out.push(
      ...head(['bits', 'field', 'meaning', 'line']),
      ...r.fields.map((f) =>
        row([
          f.msb === f.lsb ? `${f.msb}` : `${f.msb}:${f.lsb}`,
          f.reserved ? f.reserved.toUpperCase() : f.name,
          [f.doc, f.enum ? `values: ${f.enum}` : '', f.gate ? `when ${f.gate}` : '']
            .filter(Boolean)
            .join('; '),
          f.origin,
        ]),
      ),
      '',
    );
  }
  out.push('## PMU implementations', '');
  for (const p of d.pmus) {
    out.push(`### ${p.name}${p.parent ? ` extends ${p.parent}` : ''} (${p.origin})`, '');
    if (p.doc) out.push(p.doc, '');
    out.push(
      ...head(['counter', 'kind', 'via', 'note', 'line']),
      ...p.counters.map((c) =>
        row([
          c.index,
          c.kind,
          c.via ?? '',
          [c.doc, c.gate ? `when ${c.gate}` : ''].filter(Boolean).join('; '),
          c.origin,
        ]),
      ),
      '',
    );
    for (const t of p.tables) out.push(...lookup(t));
  }
  out.push('## Event mappings', '');
  for (const m of d.matrices) {
    out.push(
      `### ${m.title}`,
      '',
      m.doc,
      '',
      ...head(['event', 'code', ...m.columns, 'line']),
      ...m.rows.map((r) => row([r.name, r.code, ...r.cells.map(cellText), r.origin])),
      '',
    );
  }
  out.push('## Lookup tables', '');
  for (const t of d.tables) out.push(...lookup(t));
  out.push('## Where consumers disagree', '');
  for (const x of d.disagreements) {
    out.push(
      `### ${x.interface}`,
      '',
      `${x.space.size} inputs; ${x.classes.length} classes; each keeps its smallest witness.`,
      '',
      ...head(['class', 'inputs', 'witness', ...x.consumers]),
      ...x.classes.map((c) =>
        row([
          c.signature,
          `${c.count}`,
          Object.entries(c.witness)
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
          ...x.consumers.map((name) => {
            const a = c.answers[name];
            return a ? `{${a.members.join(',')}}` : '';
          }),
        ]),
      ),
      '',
    );
  }
  out.push('## Examples', '');
  for (const x of d.examples) {
    out.push(
      `### ${x.title} (${x.origin})`,
      '',
      `on \`${x.on}\`${x.cite ? `; source: ${x.cite}` : ''}; given \`${x.given}\``,
      '',
      ...head(['consumer', 'kernel', 'answer', 'decided by']),
      ...x.answers.map((a) =>
        row([
          a.consumer,
          a.status,
          a.cell.detail && a.cell.kind !== 'value'
            ? `${a.cell.text}: ${a.cell.detail}`
            : a.cell.text,
          a.cell.origin ?? '',
        ]),
      ),
      '',
    );
  }
  out.push(
    '## Refusal reasons',
    '',
    ...head(['code', 'meaning', 'line']),
    ...d.reasons.map((r) => row([r.code, r.doc, r.origin])),
    '',
  );
  if (d.cores.length) {
    out.push(
      '## Vendor cores',
      '',
      ...head([
        'core',
        'pmu',
        'id',
        'counters',
        'fixed counters',
        'architectural',
        'other events',
        'vendor file',
        'line',
      ]),
      ...d.cores.map((c) =>
        row([
          c.name,
          c.pmu,
          c.id ?? '',
          c.counters === undefined ? '' : String(c.counters),
          `{${c.fixed.join(', ')}}${c.holes.length ? ` hole: ${c.holes.join(', ')}` : ''}`,
          String(c.architectural),
          String(c.events),
          c.source ?? '',
          c.origin,
        ]),
      ),
      '',
    );
  }
  out.push(...coreSectionsMarkdown(d.coreSections, row, head));
  out.push(...protocolsMarkdown(d.protocols ?? [], row, head));
  return out.join('\n');
}
