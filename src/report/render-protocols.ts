/** The report's protocol sections (src/query/report/collect-protocols.ts) as Markdown and HTML. */
import type { ReportProtocol } from '../query/report/collect-protocols.ts';
import { esc } from './escape.ts';

export function protocolsMarkdown(
  protocols: readonly ReportProtocol[],
  row: (cells: readonly string[]) => string,
  head: (cells: readonly string[]) => string[],
): string[] {
  if (protocols.length === 0) return [];
  const out = ['## Protocols', ''];
  for (const p of protocols) {
    out.push(`### ${p.name} on ${p.arch} (${p.origin})`, '');
    if (p.doc) out.push(p.doc, '');
    out.push(`Errnos: ${p.errnos.join(', ')}.`, '');
    out.push(
      ...head(['call', 'parameters', 'meaning']),
      ...p.calls.map((c) => row([c.name, c.params, c.doc])),
      '',
    );
    out.push(
      ...head(['state', 'initially', 'meaning']),
      ...p.state.map((s) => row([s.name, s.init, s.doc])),
      '',
    );
    for (const m of p.machines) {
      out.push(
        `#### ${m.name}${m.parent ? ` extends ${m.parent}` : ''}: ${m.kernel} (${m.origin})`,
        '',
        ...head(['call', 'step', 'when', 'result', 'effects', 'line']),
        ...m.transitions.map((t) => row([t.call, t.step, t.guard, t.result, t.effects, t.origin])),
        '',
      );
    }
  }
  return out;
}

export function protocolsHtml(protocols: readonly ReportProtocol[]): string[] {
  if (protocols.length === 0) return [];
  const out = ['<section id="protocols"><h2>Protocols</h2>'];
  for (const p of protocols) {
    out.push(
      `<h3>${esc(p.name)} on ${esc(p.arch)} <small>${esc(p.origin)}</small></h3>`,
      p.doc ? `<div>${esc(p.doc)}</div>` : '',
      `<div>Errnos: ${esc(p.errnos.join(', '))}</div>`,
    );
    for (const m of p.machines) {
      out.push(
        `<h4>${esc(m.name)}${m.parent ? ` extends ${esc(m.parent)}` : ''}: ${esc(m.kernel)} <small>${esc(m.origin)}</small></h4>`,
        '<table><tr><th>call</th><th>step</th><th>when</th><th>result</th><th>effects</th><th>line</th></tr>',
        ...m.transitions.map(
          (t) =>
            `<tr><td><code>${esc(t.call)}</code></td><td>${esc(t.step)}</td><td><code>${esc(t.guard)}</code></td><td${t.result === '0' ? '' : ' class="refused"'}><code>${esc(t.result)}</code></td><td><code>${esc(t.effects)}</code></td><td>${esc(t.origin)}</td></tr>`,
        ),
        '</table>',
      );
    }
  }
  out.push('</section>');
  return out;
}
