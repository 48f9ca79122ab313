/** The parser builds a span-carrying AST and reports syntax errors at the rightmost failure. */
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/parse.ts';

describe('parse', () => {
  it('gives every node the span of its source text', () => {
    const text = 'register PMCR_EL0 : 64 {\n  63:8 res0\n  7:0 low\n}\n';
    const r = parse({ path: 'a.pmumap', text });
    const reg = r.ast?.decls[0];
    expect(reg?.kind).toBe('register');
    if (reg?.kind !== 'register') return;
    expect(text.slice(reg.name.span.start, reg.name.span.end)).toBe('PMCR_EL0');
    const field = reg.fields[1];
    expect(field && text.slice(field.span.start, field.span.end)).toBe('7:0 low');
    expect(field?.bits.msb.value).toBe(7n);
  });

  it('parses expressions with C-like precedence', () => {
    const r = parse({ path: 'a.pmumap', text: 'feature F = a.b | c & d == e || f\n' });
    const d = r.ast?.decls[0];
    expect(d?.kind === 'feature' && d.condition.kind === 'binary' && d.condition.op).toBe('||');
  });

  it('reports the expected tokens, not an Ohm message', () => {
    const r = parse({ path: 'a.pmumap', text: 'enum E : 4 {\n  A = \n}\n' });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.message).toBe("expected a number, found '}'");
    expect(r.diagnostics[0]?.span.start).toBe(text_index('enum E : 4 {\n  A = \n}\n', '}'));
  });
});

function text_index(text: string, token: string): number {
  return text.lastIndexOf(token);
}
