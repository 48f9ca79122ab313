/**
 * `before LABEL` (issue 16 item 4): a step a consumer adds in `extends`,
 * replacing none of its parent's, goes just before the parent's labelled
 * step it names. Without `before` it waits for the next replaced step or
 * the final `=>`, so an added refusal could never run before an inherited
 * one: here `tight` must refuse with WIDE before the parent's `big` step.
 */
import { describe, expect, it } from 'vitest';
import { loadTables } from '../../src/runtime/tables.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import { compileSnippet } from '../helpers.ts';

const BASE = `
reasons R "why" { SMALL "small" BIG "big" WIDE "wide" }
interface i "a value" { input x : u8 "x" outcome }
consumer base implements i "the parent" {
  when small: x < 2 => refuse SMALL "small"
  when big: x > 10 => refuse BIG "big"
  => software "kept"
}
`;

function labels(text: string, consumer: string): (string | undefined)[] {
  const r = compileSnippet(BASE + text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const c = r.model!.consumers.find((x) => x.name === consumer)!;
  return c.steps.map((s) => ('label' in s ? s.label : s.kind));
}

describe('before LABEL places an added step', () => {
  it('just before the named inherited step', () => {
    const child = `consumer tight implements i extends base "refuses wide values first" {
  before big when wide: x > 5 => refuse WIDE "wide"
}`;
    expect(labels(child, 'tight')).toEqual(['small', 'wide', 'big', 'final']);
    const t = loadTables(compileSnippet(BASE + child).model!);
    const run = (x: bigint) => runConsumer(t, 'tight', { x }, 'i').outcome;
    expect(run(20n)).toMatchObject({ kind: 'refused', code: 'WIDE' });
    expect(run(1n)).toMatchObject({ kind: 'refused', code: 'SMALL' });
  });

  it('in order, when several steps name one label; an added step without it still goes before the final step', () => {
    const child = `consumer tight implements i extends base {
  before small when a: x == 3 => refuse WIDE "a"
  before small when b: x == 4 => refuse WIDE "b"
  when c: x == 5 => refuse WIDE "c"
}`;
    expect(labels(child, 'tight')).toEqual(['a', 'b', 'small', 'big', 'c', 'final']);
  });

  it('a label the parent does not have, or a step that replaces one, is PM2343', () => {
    const unknown = compileSnippet(
      BASE +
        `consumer t implements i extends base { before huge when w: x > 5 => refuse WIDE "w" }`,
    );
    expect(unknown.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'PM2343',
        "'t' places a step before 'huge', but 'base' has no 'when huge:' or 'warn huge:' step",
      ],
    ]);
    const replacing = compileSnippet(
      BASE +
        `consumer t implements i extends base { before small when big: x > 9 => refuse BIG "b" }`,
    );
    expect(replacing.diagnostics.map((d) => d.code)).toEqual(['PM2343']);
  });
});
