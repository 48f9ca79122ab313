/**
 * sameAnswer compares two JSON answers in place; it must say what printing
 * them would: JSON.stringify without the keys that name who answered
 * (consumer, source, status, patches), at any depth.
 */
import { describe, expect, it } from 'vitest';
import { sameAnswer } from '../../src/query/kernel-answers.ts';

const SKIPPED = new Set(['consumer', 'source', 'status', 'patches']);
const printed = (v: unknown): string | undefined =>
  JSON.stringify(v, (k, x: unknown) => (SKIPPED.has(k) ? undefined : x));

describe('sameAnswer', () => {
  it('agrees with printing both, on 20,000 seeded pairs of similar values', () => {
    let seed = 0xa115;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const KEYS = ['outcome', 'event', 'consumer', 'source', 'status', 'reason', 'code', 'patches'];
    const SCALARS = [null, true, false, 0, 1, '0x11', 'perf', undefined, NaN, '', () => 1];
    const value = (depth: number): unknown => {
      const roll = next(depth > 2 ? 2 : 5);
      if (roll < 2) return SCALARS[next(SCALARS.length)];
      if (roll === 2) return Array.from({ length: next(3) }, () => value(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = next(4); i > 0; i--) o[KEYS[next(KEYS.length)]!] = value(depth + 1);
      return o;
    };
    /** A copy with one change here and there (or none), so that many pairs are alike. */
    const vary = (v: unknown): unknown => {
      if (next(8) === 0) return value(2);
      if (Array.isArray(v)) return v.map(vary);
      if (typeof v === 'object' && v !== null) {
        const entries = Object.entries(v).map(([k, x]) => [k, vary(x)] as const);
        if (next(6) === 0) entries.reverse();
        return Object.fromEntries(entries);
      }
      return v;
    };
    let alike = 0;
    const differ: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = value(0);
      const b = vary(a);
      const expected = printed(a) === printed(b);
      if (expected) alike++;
      if (sameAnswer(a, b) !== expected) differ.push(`${printed(a)} vs ${printed(b)}`);
    }
    expect(differ.slice(0, 5)).toEqual([]);
    expect(alike).toBeGreaterThan(5_000);
    expect(alike).toBeLessThan(19_000);
  });

  it('leaves out who answered, and keeps the order of the keys', () => {
    expect(sameAnswer({ a: 1, consumer: 'x' }, { a: 1, consumer: 'y', status: {} })).toBe(true);
    expect(sameAnswer({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameAnswer([{ patches: [1] }], [{}])).toBe(true);
    expect(sameAnswer({ a: undefined }, {})).toBe(true);
  });
});
