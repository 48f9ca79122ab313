import type { MessageId } from './messages.ts';
import { messages } from './messages.ts';

/** A region of a source file: 0-based UTF-16 offsets, end exclusive. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A second location that explains a diagnostic ("first defined here"). */
export interface Related {
  readonly message: string;
  readonly span: Span;
}

/** A user-facing finding. Diagnostics are data: collected, never thrown. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly Related[];
}

/** Fill a catalog template: `{0}`, `{1}` ... are replaced by the arguments. */
export function makeDiagnostic(
  id: MessageId,
  span: Span,
  args: readonly (string | number)[] = [],
  related?: readonly Related[],
): Diagnostic {
  const entry = messages[id];
  const message = entry.text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
  const base = { code: entry.code, severity: entry.severity, message, span };
  return related && related.length > 0 ? { ...base, related } : base;
}

/** Collects diagnostics from the passes of one compilation. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  report(
    id: MessageId,
    span: Span,
    args: readonly (string | number)[] = [],
    related?: readonly Related[],
  ): void {
    this.items.push(makeDiagnostic(id, span, args, related));
  }

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** Order diagnostics by file, then position, then code, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.span.file.localeCompare(b.span.file) ||
      a.span.start - b.span.start ||
      a.code.localeCompare(b.code),
  );
}
