/**
 * Control characters in a tables file. Ohm's default `space` rule skips
 * every character up to U+0020, so a NUL, an ESC or a form feed between
 * tokens used to pass as whitespace, and inside a string or a comment it
 * reached the generated files and the terminal. A tables file may contain
 * tab, LF and CR only; a string that needs another one says `\u{1b}`
 * (src/syntax/text-literal.ts).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeDiagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';

/** C0 controls but tab, LF and CR; DEL; the C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A file full of NULs gets this many diagnostics (the first per line), not millions. */
const MAX_REPORTED = 10;

/** The names the C0 controls and DEL are known by, as `cat -A` and ASCII charts show them. */
const NAMES: Readonly<Record<number, string>> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'BS',
  0x0b: 'VT',
  0x0c: 'FF',
  0x1b: 'ESC',
  0x7f: 'DEL',
};

/** `U+0000 (NUL)`, `U+0085`. */
export function describeControl(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code];
  return name === undefined ? hex : `${hex} (${name})`;
}

/** One diagnostic at the first control character of each line that has one (at most MAX_REPORTED). */
export function controlCharacterDiagnostics(file: SourceFile): Diagnostic[] {
  const text = file.text;
  if (!CONTROL.test(text)) return [];
  const out: Diagnostic[] = [];
  let reportedOnLine = false;
  for (let i = 0; i < text.length && out.length < MAX_REPORTED; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) reportedOnLine = false;
    else if (!reportedOnLine && CONTROL.test(text[i] ?? '')) {
      reportedOnLine = true;
      out.push(
        makeDiagnostic('ControlCharacter', { file: file.path, start: i, end: i + 1 }, [
          describeControl(code),
          code.toString(16),
        ]),
      );
    }
  }
  return out;
}
