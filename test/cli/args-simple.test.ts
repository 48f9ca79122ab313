/**
 * parseArgs answers the common argv (positionals and `--name [value]`)
 * without node:util, as `pmumap query` parses one per line: the result, or
 * the UsageError, must be the one node:util's tokens give for every argv.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedArgs } from '../../src/cli/args.ts';
import { flagInArgv, parseArgs, tokenizedArgs } from '../../src/cli/args.ts';

const SPEC = { json: 'flag', counter: 'value', value: 'value', consumer: 'value' } as const;
const WORDS = [
  ...['--json', '--counter', '--value', '--consumer', '--cons', '--constructor', '--__proto__'],
  ...['arm64', '3', '0x11', '-1', '-', '--', '--json=1', '--counter=4', '-h', '--value=', '---x'],
  ...['true', 'false', '--json=false', '--json=true'],
];

const outcome = (parse: () => ParsedArgs): string => {
  try {
    const { positionals, options, flags, bools } = parse();
    return JSON.stringify({
      positionals,
      options: [...options],
      flags: [...flags],
      bools: [...bools],
    });
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
};

describe('parseArgs', () => {
  it('gives what node:util tokens give, for 10,000 seeded argv of known and odd words', () => {
    let seed = 0x5eed;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let simple = 0;
    const differ: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const argv = Array.from({ length: next(7) }, () => WORDS[next(WORDS.length)]!);
      const fast = outcome(() => parseArgs(argv, SPEC));
      const tokenized = outcome(() => tokenizedArgs(argv, SPEC));
      if (fast !== tokenized) differ.push(`${argv.join(' ')}: ${fast} vs ${tokenized}`);
      if (!argv.some((a) => a.startsWith('-') && !/^--(json|counter|value|consumer)$/.test(a)))
        simple++;
    }
    expect(differ.slice(0, 5)).toEqual([]);
    // The seeded argv include plenty the fast path answers itself.
    expect(simple).toBeGreaterThan(1000);
  });

  it('keeps repeated values in order and reports a value that is an option', () => {
    expect(parseArgs(['x', '--counter', '1', '--counter', '2', '--json'], SPEC)).toEqual({
      positionals: ['x'],
      options: new Map([['counter', ['1', '2']]]),
      flags: new Set(['json']),
      bools: new Map([['json', true]]),
    });
    expect(() => parseArgs(['--counter', '--json'], SPEC)).toThrow(
      "option '--counter' needs a value",
    );
  });

  it('reads a flag bare as true, or with true/false as the next word or after =, never as a positional', () => {
    for (const parse of [parseArgs, tokenizedArgs]) {
      const of = (argv: string[]) => {
        const { positionals, flags, bools } = parse(argv, SPEC);
        return { positionals, flags: [...flags], bools: [...bools] };
      };
      expect(of(['x', '--json'])).toEqual({
        positionals: ['x'],
        flags: ['json'],
        bools: [['json', true]],
      });
      expect(of(['x', '--json', 'true', 'y'])).toEqual({
        positionals: ['x', 'y'],
        flags: ['json'],
        bools: [['json', true]],
      });
      expect(of(['--json', 'false', 'x'])).toEqual({
        positionals: ['x'],
        flags: [],
        bools: [['json', false]],
      });
      expect(of(['--json=false'])).toEqual({
        positionals: [],
        flags: [],
        bools: [['json', false]],
      });
      // After `--` the word is a positional.
      expect(of(['--json', '--', 'true'])).toEqual({
        positionals: ['true'],
        flags: ['json'],
        bools: [['json', true]],
      });
    }
    expect(() => parseArgs(['--json=1'], SPEC)).toThrow(
      "option '--json' is true or false, found '1' (a bare --json is true)",
    );
  });

  it('reads a flag from argv before the spec is known, as parseArgs would', () => {
    const cases: [string[], boolean][] = [
      [['x86'], false],
      [['x86', '--no-cache'], true],
      [['x86', '--no-cache', 'false'], false],
      [['x86', '--no-cache=false'], false],
      [['x86', '--no-cache=true', '--eax', '1'], true],
      [['x86', '--', '--no-cache'], false],
    ];
    for (const [argv, value] of cases)
      expect([argv, flagInArgv(argv, 'no-cache')]).toEqual([argv, value]);
  });
});
