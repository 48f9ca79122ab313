/**
 * The size and shape limits of a tables file, checked before Ohm sees it.
 * Ohm's matcher recurses per rule, so its stack (not time) bounds how deep
 * an expression can nest; a file past these limits is refused with a
 * diagnostic naming the limit, never a stack overflow or a parse that
 * runs for minutes (ohm-js 17 parses our grammar at ~0.1 MB/s).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeDiagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';

/** The largest tables file pmumap parses (a minute of Ohm at worst). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** The deepest nesting of (), [] and {} (Ohm needs ~15 frames per level). */
export const MAX_NESTING = 48;
/** The most operators on one line (an operator chain nests in the parse tree). */
export const MAX_OPERATORS_PER_LINE = 400;

const OPENERS = '([{';
const CLOSERS = ')]}';
const OPERATOR = /[+\-&|^!~<>=?]/;

/** The first limit `file` exceeds, as a diagnostic; none when it is within every limit. */
export function limitDiagnostics(file: SourceFile): Diagnostic[] {
  const text = file.text;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    return [
      makeDiagnostic('FileTooLarge', { file: file.path, start: 0, end: 0 }, [
        (bytes / 1024 / 1024).toFixed(1),
        String(MAX_FILE_BYTES / 1024 / 1024),
      ]),
    ];
  }
  let depth = 0;
  let operators = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      // Skip a string: it nests nothing.
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++)
        if (text[i] === '\\') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      operators = 0;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (ch === '\n') operators = 0;
    else if (OPENERS.includes(ch)) {
      depth++;
      if (depth > MAX_NESTING) {
        return [
          makeDiagnostic('NestingTooDeep', { file: file.path, start: i, end: i + 1 }, [
            String(MAX_NESTING),
            'levels of (), [] and {}',
          ]),
        ];
      }
    } else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (OPERATOR.test(ch)) {
      operators++;
      if (operators > MAX_OPERATORS_PER_LINE) {
        return [
          makeDiagnostic('NestingTooDeep', { file: file.path, start: i, end: i + 1 }, [
            String(MAX_OPERATORS_PER_LINE),
            'operators on one line',
          ]),
        ];
      }
    }
  }
  return [];
}
