/**
 * Randomly corrupted versions of the shipped tables always compile to a
 * model or to diagnostics with positions inside the file, never to an
 * exception (ohm's own failure-position property test, applied to us).
 * The mutated file is compiled alone, so references into the other files
 * dangle too: more error paths for the same cost.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { shippedSources } from '../helpers.ts';

const TOKENS = [
  '{',
  '}',
  ':',
  '=>',
  '..',
  '0x',
  'let',
  'when',
  'refuse',
  'perf',
  '.',
  '[',
  ']',
  '"',
  '?',
  '63:0',
  'res0',
  '\n',
  ' ',
  'output',
  'extends',
  'pmuv3',
  'x',
];

describe('compile never throws on mutated sources', () => {
  const sources = shippedSources();
  it('reports diagnostics, never an exception', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(
          fc.record({
            at: fc.double({ min: 0, max: 1, noNaN: true }),
            cut: fc.integer({ min: 0, max: 12 }),
            insert: fc.constantFrom(...TOKENS),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (which, edits) => {
          const target = sources[which]!;
          let text = target.text;
          for (const e of edits) {
            const at = Math.floor(e.at * text.length);
            text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
          }
          const files = [{ ...target, text }];
          const result = compile(files);
          for (const d of result.diagnostics) {
            const file = files.find((f) => f.path === d.span.file);
            expect(file).toBeDefined();
            expect(d.span.start).toBeGreaterThanOrEqual(0);
            expect(d.span.start).toBeLessThanOrEqual(file!.text.length);
            expect(d.code).toMatch(/^PM\d{4}$/);
          }
          if (!result.model) expect(result.diagnostics.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
