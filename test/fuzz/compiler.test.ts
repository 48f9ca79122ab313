/**
 * The compiler on generated and mutated sources: every outcome is a model
 * or diagnostics with positions inside the file and stable codes, never
 * an exception; every case ends in bounded time; a model that compiles
 * runs every consumer to an answer or an EvalError (a caller mistake),
 * nothing else. Shrunk failures live in test/fixtures/fuzz-regressions/.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import { EvalError } from '../../src/runtime/values.ts';
import { ROOT, shippedSources } from '../helpers.ts';
import { FUZZ_TIMEOUT, fuzzParams } from './config.ts';
import { fuzzedSource } from './sources.ts';

/** The most one small file may take to compile, however hostile. */
const CASE_LIMIT_MS = 10_000;

function checkCompile(text: string, path = 'fuzz.pmumap'): void {
  const started = performance.now();
  const files = [{ path, text }];
  const result = compile(files);
  expect(performance.now() - started).toBeLessThan(CASE_LIMIT_MS);
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^PM\d{4}$/);
    expect(d.span.file).toBe(path);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.message.length).toBeGreaterThan(0);
  }
  if (!result.model) {
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    return;
  }
  const t = loadTables(result.model);
  for (const c of result.model.consumers) {
    try {
      runConsumer(t, c.name, {}, c.implements);
    } catch (e) {
      expect(e).toBeInstanceOf(EvalError);
    }
  }
}

describe('fuzz: the compiler', () => {
  it(
    'answers generated and mutated sources with a model or diagnostics',
    () => {
      fc.assert(
        fc.property(fuzzedSource, (text) => checkCompile(text)),
        fuzzParams(150),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'answers mutated shipped tables with a model or diagnostics',
    () => {
      const sources = shippedSources();
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: sources.length - 1 }),
          fc.array(
            fc.tuple(
              fc.double({ min: 0, max: 1, noNaN: true }),
              fc.integer({ min: 0, max: 30 }),
              fc.string({ maxLength: 6 }),
            ),
            { minLength: 1, maxLength: 3 },
          ),
          (which, edits) => {
            let text = sources[which]?.text ?? '';
            for (const [f, cut, insert] of edits) {
              const at = Math.floor(f * text.length);
              text = text.slice(0, at) + insert + text.slice(at + cut);
            }
            checkCompile(text, sources[which]?.path);
          },
        ),
        fuzzParams(40),
      );
    },
    FUZZ_TIMEOUT,
  );

  it('replays every shrunk failure kept as a regression fixture', () => {
    const dir = join(ROOT, 'test/fixtures/fuzz-regressions');
    const files = readdirSync(dir).filter((f) => f.endsWith('.pmumap'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) checkCompile(readFileSync(join(dir, f), 'utf8'), f);
  });
});
