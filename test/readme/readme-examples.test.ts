/**
 * README must be true: every `$ pmumap ...` example of README is run
 * in-process (through the run's shared compile cache) and its output
 * compared with what README shows, exactly, or as a pattern where `...`
 * stands for any text (test/readme/readme-examples.ts). An example that
 * writes files is never run: it must sit in a block marked
 * `<!-- examples: not run (WHY) -->`. `npm run readme:examples -- --write`
 * puts the real output of each exact example back into README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledTables, ROOT, sharedCache } from '../helpers.ts';
import {
  matches,
  outputPattern,
  readmeExamples,
  runExample,
  writesFiles,
  type ReadmeExample,
} from './readme-examples.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const examples = readmeExamples(README);
const run = examples.filter((e) => !writesFiles(e));

/** The failure message: where, what README shows, what the command prints, and the fix. */
function mismatch(example: ReadmeExample, actual: string): string {
  const fix = example.pattern
    ? 'a pattern (with ...): edit it by hand so every text outside ... is real, in order'
    : 'an exact example: `npm run readme:examples -- --write` puts the real output back';
  return [
    `README.md:${example.line}: \`${example.command}\` prints something else (${fix})`,
    '--- README shows:',
    ...example.output,
    '--- the command prints:',
    actual,
  ].join('\n');
}

describe("README's examples", () => {
  // The vendor examples compile `tables tables/vendor`: through compiledTables, a test file
  // compiling them at the same time is waited for instead of compiled again.
  beforeAll(() => compiledTables(['tables', 'tables/vendor']), 120_000);

  it('are found: at least 40 are run (a broken parser cannot pass by running none)', () => {
    expect(run.length).toBeGreaterThanOrEqual(40);
  });

  it('write no files: one that would is in a block marked not run', () => {
    const writers = examples
      .filter(writesFiles)
      .map(
        (e) =>
          `README.md:${e.line}: \`${e.command}\` writes files; put <!-- examples: not run (WHY) --> before its block`,
      );
    expect(writers).toEqual([]);
  });

  it.each(run.map((e) => [`README.md:${e.line} ${e.command}`, e] as const))(
    '%s',
    async (_name, example) => {
      const actual = await runExample(example, ROOT, { PMUMAP_CACHE_DIR: sharedCache() });
      expect(matches(example, actual), mismatch(example, actual)).toBe(true);
    },
  );
});

describe('the example matcher', () => {
  const example = (output: string[]): ReadmeExample => ({
    line: 1,
    command: 'pmumap x',
    argv: ['x'],
    output,
    outputStart: 1,
    outputEnd: 1 + output.length,
    pattern: output.some((l) => l.includes('...')),
  });

  it('reads ... as any text and a run of whitespace as any whitespace, in order', () => {
    const folded = example(['{ "a": 1, ...', '  "c": 3 }']);
    expect(folded.pattern).toBe(true);
    expect(matches(folded, '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n')).toBe(true);
    expect(matches(folded, '{\n  "c": 3,\n  "a": 1\n}\n')).toBe(false);
    expect(matches(folded, '{ "a": 1, "c": 4 }')).toBe(false);
    expect(outputPattern(['a ... b']).test('a\nx y\nb')).toBe(true);
  });

  it('compares an exact example line by line, trailing spaces and blank lines aside', () => {
    const exact = example(['33 file(s) checked, no errors']);
    expect(exact.pattern).toBe(false);
    expect(matches(exact, '33 file(s) checked, no errors  \n\n')).toBe(true);
    expect(matches(exact, '31 file(s) checked, no errors\n')).toBe(false);
    expect(matches(exact, '33  file(s) checked, no errors\n')).toBe(false);
  });
});

describe('the README parser', () => {
  it('skips a block marked not run and a shell command, and splits outputs at the next $', () => {
    const readme = [
      '```',
      '$ pmumap check',
      '1 file(s) checked',
      '$ pmumap summary | head',
      'source',
      '$ pmumap gen --check',
      '2 generated file(s) up to date',
      '```',
      '',
      '<!-- examples: not run (gen writes files) -->',
      '',
      '```',
      '$ pmumap gen',
      'wrote 0 file(s)',
      '```',
    ].join('\n');
    const found = readmeExamples(readme);
    expect(found.map((e) => [e.line, e.argv, e.output])).toEqual([
      [2, ['check'], ['1 file(s) checked']],
      [6, ['gen', '--check'], ['2 generated file(s) up to date']],
    ]);
  });
});
