/**
 * Control characters in a tables file (PM1006): Ohm's default `space`
 * rule skipped a NUL as whitespace, and a string or a comment carried any
 * control character into the generated files and the terminal. Tab, LF
 * and CR stay allowed; a string writes another one as `\u{HEX}`.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { formatDiagnostics } from '../../src/diagnostics/format.ts';

const path = 'tables/t.pmumap';
const diagnostics = (text: string) => compile([{ path, text }]).diagnostics;
const codes = (text: string) => diagnostics(text).map((d) => d.code);

describe('control characters', () => {
  it('refuses a NUL between tokens, at the character', () => {
    const text = 'enum E : 4 {\u0000A = 1 }\n';
    const [d, ...rest] = diagnostics(text);
    expect(rest).toEqual([]);
    expect(d?.code).toBe('PM1006');
    expect(d?.span.start).toBe(text.indexOf('\u0000'));
    expect(d?.message).toMatch(/^control character U\+0000 \(NUL\)/);
  });

  it('refuses them in strings and comments, C1 and DEL included', () => {
    for (const c of ['\u0001', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085']) {
      expect(codes(`reasons R { X "a${c}b" }\n`)).toEqual(['PM1006']);
      expect(codes(`// a${c}b\nenum E : 4 { A = 1 }\n`)).toEqual(['PM1006']);
    }
  });

  it('allows tab, LF and CR', () => {
    expect(codes('enum E : 4 {\tA = 1\r\n  B = 2 }\r\n')).toEqual([]);
  });

  it('reports the first per line, ten at most, in linear time', () => {
    expect(codes('enum E : 4 {\u0000\u0000A = 1\u0000\n\u0001B = 2 }\n')).toEqual([
      'PM1006',
      'PM1006',
    ]);
    const started = performance.now();
    expect(codes('\u0000'.repeat(3_000_000))).toHaveLength(1);
    expect(codes('\u0000\n'.repeat(1_000_000))).toHaveLength(10);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('shows the character as a Control Picture in the excerpt, never raw', () => {
    const text = 'enum E : 4 {\u001b[2JA = 1 }\n';
    const out = formatDiagnostics(diagnostics(text), new Map([[path, { path, text }]]));
    expect(out).toContain('enum E : 4 {\u241b[2JA = 1 }');
    expect(out).not.toContain('\u001b');
  });

  it('writes one in a string as \\u{HEX}', () => {
    const result = compile([{ path, text: 'reasons R { X "a\\u{0}b\\u{1b}c\\\\u{41}" }\n' }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.reasons[0]?.doc).toBe('a\u0000b\u001bc\\u{41}');
  });
});
