/**
 * The examples written above the grammar's rules (`//+` must match, `//-`
 * must not), run against the rule they document (ohm-js/extras).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractExamples } from 'ohm-js/extras';
import { describe, expect, it } from 'vitest';
import { grammar } from '../../src/syntax/grammar.ts';
import { ROOT } from '../helpers.ts';

const source = readFileSync(join(ROOT, 'grammar/pmumap.ohm'), 'utf8');
const examples = extractExamples(source);

describe('grammar examples', () => {
  it('has examples for the rules users write', () => {
    const rules = new Set(examples.map((e) => e.rule));
    for (const rule of [
      'File',
      'TargetDecl',
      'EnumDecl',
      'RegisterDecl',
      'CpuidDecl',
      'TableDecl',
      'PmuDecl',
      'InterfaceDecl',
      'ConsumerDecl',
      'ExampleDecl',
      'Expr',
    ]) {
      expect(rules).toContain(rule);
    }
  });

  it.each(
    examples.map(
      (e) =>
        [
          e.rule || 'File',
          e.shouldMatch ? 'matches' : 'rejects',
          e.example,
          e.shouldMatch,
        ] as const,
    ),
  )('%s %s %j', (rule, _verb, example, shouldMatch) => {
    expect(grammar.match(example, rule).succeeded()).toBe(shouldMatch);
  });
});
