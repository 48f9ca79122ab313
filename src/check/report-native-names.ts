/**
 * PM2315-PM2318: what `pmumap gen` would refuse for C and Rust, reported by
 * `pmumap check` at the declaration: two items that would share one C or
 * Rust identifier (`PMUMAP_E_A_B` from enum E's `A_B` and enum E_A's `B`), a
 * name with no letters or digits, an output named like a result field, and
 * the native limits (64 inputs, outputs or warn steps; reasons in one
 * file). The rule is the emitters' own (src/emit/native-check.ts), run on
 * the built model; only the sites are found here.
 */
import type { DiagnosticBag, Span } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { nativeProblems } from '../emit/native-check.ts';
import type { NativeSite } from '../emit/native-names.ts';
import type { Model } from '../model/model.ts';

/** The span of `site.name` at or after the start of the site's line (the line itself without a name). */
function spanOf(site: NativeSite | undefined, sources: ReadonlyMap<string, SourceFile>): Span {
  const m = site ? /^(.*):(\d+)$/.exec(site.origin) : null;
  const file = m?.[1] ?? '';
  const text = sources.get(file)?.text ?? '';
  let start = 0;
  for (let line = Number(m?.[2] ?? 1); line > 1 && start >= 0; line--)
    start = text.indexOf('\n', start) + 1 || -1;
  start = Math.max(0, start);
  if (!site?.name) return { file, start, end: start };
  const escaped = site.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`, 'g');
  found.lastIndex = start;
  const hit = found.exec(text);
  return hit
    ? { file, start: hit.index, end: hit.index + site.name.length }
    : { file, start, end: start };
}

export function reportNativeNames(
  model: Model,
  sources: ReadonlyMap<string, SourceFile>,
  bag: DiagnosticBag,
): void {
  for (const p of nativeProblems(model)) {
    const span = spanOf(p.site, sources);
    if (p.kind === 'clash') {
      const related = p.firstSite
        ? [{ message: `${p.first} is declared here`, span: spanOf(p.firstSite, sources) }]
        : [];
      bag.report('NativeNameClash', span, [p.lang, p.id, p.first, p.what], related);
    } else if (p.kind === 'empty') bag.report('NativeNameEmpty', span, [p.name]);
    else if (p.kind === 'result-field')
      bag.report('NativeResultField', span, [p.output, p.iface, p.field]);
    else bag.report('NativeLimit', span, [p.message]);
  }
}
