/**
 * The DSL's builtins and operators, written in a consumer and run: each must
 * equal the kernel definition it stands for (GENMASK, hweight, fls) and
 * wrap like the u64 arithmetic the C and Rust outputs will use.
 */
import { describe, expect, it } from 'vitest';
import { runConsumer } from '../../src/runtime/run.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { compileSnippet } from '../helpers.ts';

const SOURCE = `
interface calc { input x : u64 input k : u8 output r : u64 output b : bool }
consumer popcount implements calc { status spec "a builtin under test" output r = popcount(x) output b = true }
consumer contiguous implements calc { status spec "a builtin under test" output r = contiguous(x) output b = true }
consumer prefix implements calc { status spec "a builtin under test" output r = prefix(k) output b = true }
consumer fls implements calc { status spec "a builtin under test" output r = fls(x) output b = true }
consumer genmask implements calc { status spec "a builtin under test" output r = genmask(k, 4) output b = true }
consumer minmax implements calc { status spec "a builtin under test" output r = min(max(x, 3), 4, k) output b = x in 0..7 }
consumer slice implements calc { status spec "a builtin under test" output r = x[15:10] output b = x[k] == 1 }
consumer wrap implements calc { status spec "a builtin under test" output r = x - 1 + ~0 output b = (x << 64) == 0 }
consumer shift implements calc { status spec "a builtin under test" output r = 1 << k output b = x in {1, 2, 3} }
`;

describe('DSL builtins', () => {
  const result = compileSnippet(SOURCE);
  const t = loadTables(result.model!);
  const run = (c: string, x: bigint, k = 0n) => runConsumer(t, c, { x, k }).outputs;

  it('compiles', () => expect(result.diagnostics).toEqual([]));
  it('popcount is hweight64: 0x77 has 6 bits', () => expect(run('popcount', 0x77n).r).toBe(6n));
  it('contiguous counts the run of ones from bit 0: 0x77 -> 3, 0b1011 -> 2', () => {
    expect(run('contiguous', 0x77n).r).toBe(3n);
    expect(run('contiguous', 0b1011n).r).toBe(2n);
  });
  it('prefix(k) is GENMASK(k-1, 0): 3 -> 0b111, 0 -> 0, 64 -> all ones', () => {
    expect(run('prefix', 0n, 3n).r).toBe(7n);
    expect(run('prefix', 0n, 0n).r).toBe(0n);
    expect(run('prefix', 0n, 64n).r).toBe((1n << 64n) - 1n);
  });
  it('fls is the highest set bit plus one: 0b1011 -> 4', () =>
    expect(run('fls', 0b1011n).r).toBe(4n));
  it('genmask(k, 4) is GENMASK(k, 4); empty when k < 4', () => {
    expect(run('genmask', 0n, 7n).r).toBe(0xf0n);
    expect(run('genmask', 0n, 2n).r).toBe(0n);
  });
  it('min, max and ranges', () => {
    expect(run('minmax', 10n, 9n)).toEqual({ r: 4n, b: false });
    expect(run('minmax', 1n, 2n)).toEqual({ r: 2n, b: true });
  });
  it('slices and bit indexing: x[15:10] of 0x4008 is 0x10', () => {
    expect(run('slice', 0x4008n, 3n)).toEqual({ r: 0x10n, b: true });
  });
  it('wraps modulo 2^64 and shifts out to zero', () => {
    expect(run('wrap', 0n)).toEqual({ r: (1n << 64n) - 2n, b: true });
    expect(run('shift', 2n, 64n)).toEqual({ r: 0n, b: true });
  });
});
