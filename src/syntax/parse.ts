/**
 * Parse one source file into an AST, or a PM1001 diagnostic at the rightmost
 * failure with the tokens the grammar expected there.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { makeDiagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from '../diagnostics/source-file.ts';
import type { Decl, FileAst } from './ast.ts';
import { grammar } from './grammar.ts';
import { controlCharacterDiagnostics } from './control-characters.ts';
import { limitDiagnostics } from './limits.ts';
import { semantics } from './to-ast.ts';

export interface ParseResult {
  readonly ast?: FileAst;
  readonly diagnostics: readonly Diagnostic[];
}

const U64_MAX = (1n << 64n) - 1n;

function describeFound(text: string, offset: number): string {
  if (offset >= text.length) return 'end of file';
  const rest = text.slice(offset);
  const word = /^[A-Za-z_][A-Za-z0-9_]*|^0x[0-9A-Fa-f_]+|^\d+/.exec(rest);
  if (word) return `'${word[0]}'`;
  const ch = rest[0] ?? '';
  if (ch === '\n') return 'end of line';
  return `'${ch}'`;
}

/** Numbers wider than 64 bits parse fine but cannot be represented: report them. */
function findWideNumbers(file: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const re = /\b(0x[0-9A-Fa-f_]+|0b[01_]+|\d+)\b/g;
  const stripped = file.text.replace(/\/\/[^\n]*|"(?:\\.|[^"\\\n])*"/g, (m) =>
    ' '.repeat(m.length),
  );
  for (const m of stripped.matchAll(re)) {
    const digits = m[0].replace(/_/g, '');
    if (BigInt(digits) > U64_MAX) {
      const start = m.index;
      out.push(
        makeDiagnostic('NumberTooWide', { file: file.path, start, end: start + m[0].length }, [
          m[0],
        ]),
      );
    }
  }
  return out;
}

/** Parse `file`; never throws for bad input. */
export function parse(file: SourceFile): ParseResult {
  const limits = limitDiagnostics(file);
  if (limits.length > 0) return { diagnostics: limits };
  // Before Ohm, whose default `space` would skip a NUL as whitespace.
  const controls = controlCharacterDiagnostics(file);
  if (controls.length > 0) return { diagnostics: controls };
  // A shape the limits did not foresee: Ohm, or the CST walk that builds the
  // AST, recursed past the stack. How deep either gets depends on how far V8
  // has optimised them (a warm process nests deeper), never on the input alone.
  const tooComplex = (): ParseResult => ({
    diagnostics: [makeDiagnostic('TooComplex', { file: file.path, start: 0, end: 0 }, ['parse'])],
  });
  let match: ReturnType<typeof grammar.match>;
  try {
    match = grammar.match(file.text, 'File');
  } catch (e) {
    if (e instanceof RangeError) return tooComplex();
    throw e;
  }
  if (match.failed()) {
    const offset = match.getRightmostFailurePosition();
    const expected = match.getExpectedText();
    // At the end of the file the span is empty: it never points past the text.
    const span = { file: file.path, start: offset, end: Math.min(offset + 1, file.text.length) };
    return {
      diagnostics: [
        makeDiagnostic('SyntaxError', span, [expected, describeFound(file.text, offset)]),
      ],
    };
  }
  const wide = findWideNumbers(file);
  if (wide.length > 0) return { diagnostics: wide };
  let decls: Decl[];
  try {
    decls = semantics(match)['ast'](file.path) as Decl[];
  } catch (e) {
    if (e instanceof RangeError) return tooComplex();
    throw e;
  }
  return { ast: { path: file.path, decls }, diagnostics: [] };
}
