import type { Diagnostic, Span } from './diagnostic.ts';
import type { SourceFile } from './source-file.ts';
import { lineColOf, lineText } from './source-file.ts';

/** Options of the one diagnostic formatter. */
export interface FormatOptions {
  /** Print the source excerpt with carets (default true). */
  readonly excerpt?: boolean;
}

function position(files: ReadonlyMap<string, SourceFile>, span: Span): string {
  const file = files.get(span.file);
  if (!file) return span.file;
  const { line, col } = lineColOf(file, span.start);
  return `${span.file}:${line}:${col}`;
}

function excerpt(files: ReadonlyMap<string, SourceFile>, span: Span): string[] {
  const file = files.get(span.file);
  if (!file) return [];
  const start = lineColOf(file, span.start);
  const end = lineColOf(file, Math.max(span.start, span.end - 1));
  // A control character (PM1006) is shown as its Control Pictures symbol (␀, ␛), never sent to the terminal.
  const text = lineText(file, start.line).replace(/[\u0000-\u0008\u000A-\u001F\u007F]/g, (c) =>
    String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)),
  );
  const width = start.line === end.line ? Math.max(1, end.col - start.col + 1) : 1;
  const gutter = String(start.line).length + 1;
  const pad = ' '.repeat(gutter);
  const lead = text.slice(0, start.col - 1).replace(/[^\t]/g, ' ');
  return [
    `${String(start.line).padStart(gutter)} | ${text}`,
    `${pad} | ${lead}${'^'.repeat(Math.min(width, Math.max(1, text.length - start.col + 1)))}`,
  ];
}

/**
 * Render one diagnostic: `file:line:col: error CODE: message`, then the
 * excerpt with carets, then a `note:` block for each related location.
 */
export function formatDiagnostic(
  d: Diagnostic,
  files: ReadonlyMap<string, SourceFile>,
  options: FormatOptions = {},
): string {
  const lines = [`${position(files, d.span)}: ${d.severity} ${d.code}: ${d.message}`];
  const withExcerpt = options.excerpt ?? true;
  if (withExcerpt) lines.push(...excerpt(files, d.span));
  for (const r of d.related ?? []) {
    lines.push(`note: ${r.message}`, ` --> ${position(files, r.span)}`);
    if (withExcerpt) lines.push(...excerpt(files, r.span));
  }
  return lines.join('\n');
}

/** Render a list of diagnostics, one block each, and a summary line. */
export function formatDiagnostics(
  list: readonly Diagnostic[],
  files: ReadonlyMap<string, SourceFile>,
  options: FormatOptions = {},
): string {
  const blocks = list.map((d) => formatDiagnostic(d, files, options));
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  blocks.push(`${errors} error(s), ${warnings} warning(s)`);
  return blocks.join('\n\n') + '\n';
}
