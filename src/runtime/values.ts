/**
 * Runtime values and the unsigned 64-bit arithmetic every target shares:
 * results wrap modulo 2^64, shifts by 64 or more give 0, comparisons are
 * unsigned. C and Rust emitters must match these definitions exactly.
 */
export type Value =
  | bigint
  | boolean
  | { readonly kind: 'pmu'; readonly name: string }
  | { readonly kind: 'table'; readonly name: string }
  | Ranges;

/** One range of a ranges value: an action code and the first and last value it covers. */
export interface Range {
  readonly action: bigint;
  readonly lo: bigint;
  readonly hi: bigint;
}

/** An ordered list of ranges, e.g. a KVM PMU event filter (later ranges override earlier ones). */
export interface Ranges {
  readonly kind: 'ranges';
  readonly items: readonly Range[];
}

export const U64_MASK = (1n << 64n) - 1n;

/** Error in evaluating tables against given inputs (a missing input, a key not in a table). */
export class EvalError extends Error {
  override readonly name = 'EvalError';
}

export function u64(v: bigint): bigint {
  return v & U64_MASK;
}

/** GENMASK(k-1, 0): the low `k` bits set; 0 for k = 0, all ones for k >= 64. */
export function prefixMask(k: bigint): bigint {
  return k >= 64n ? U64_MASK : (1n << k) - 1n;
}

/** (v >> lsb) & low `width` bits. */
export function extract(v: bigint, lsb: bigint, width: bigint): bigint {
  if (lsb >= 64n || width <= 0n) return 0n;
  return (v >> lsb) & prefixMask(width);
}

export function shiftLeft(v: bigint, n: bigint): bigint {
  return n >= 64n ? 0n : u64(v << n);
}

export function shiftRight(v: bigint, n: bigint): bigint {
  return n >= 64n ? 0n : v >> n;
}

export function popcount(v: bigint): bigint {
  if (v < 0n) {
    let n = 0n;
    for (let x = v; x !== 0n; x &= x - 1n) n++;
    return n;
  }
  // 32 bits at a time as a number: one bigint operation per word, not one per set bit.
  let n = 0;
  for (let x = v; x !== 0n; x >>= 32n) {
    let w = Number(x & 0xffffffffn);
    w -= (w >>> 1) & 0x55555555;
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    n += (Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
  }
  return BigInt(n);
}

/** Length of the run of ones starting at bit 0 (0b0111 -> 3, 0b0110 -> 0, 0x77 -> 3). */
export function contiguous(v: bigint): bigint {
  let n = 0n;
  while (n < 64n && ((v >> n) & 1n) === 1n) n++;
  return n;
}

/** Index of the highest set bit plus one (fls); 0 for 0. */
export function fls(v: bigint): bigint {
  let n = 0n;
  for (let x = v; x !== 0n; x >>= 1n) n++;
  return n;
}

/** GENMASK(hi, lo); 0 when hi < lo. */
export function genmask(hi: bigint, lo: bigint): bigint {
  if (hi < lo || lo >= 64n) return 0n;
  const top = hi >= 63n ? U64_MASK : (1n << (hi + 1n)) - 1n;
  return top & ~((1n << lo) - 1n) & U64_MASK;
}

export function isInt(v: Value): v is bigint {
  return typeof v === 'bigint';
}

/** Display form: integers as 0x hex, booleans as true/false, pmus by name. */
export function formatValue(v: Value): string {
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (typeof v === 'boolean') return String(v);
  if (v.kind === 'ranges') {
    const items = v.items.map((r) => `${r.action}:0x${r.lo.toString(16)}-0x${r.hi.toString(16)}`);
    return `[${items.join(', ')}]`;
  }
  return v.name;
}

export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'object' && typeof b === 'object') {
    if (a.kind === 'ranges' || b.kind === 'ranges') return formatValue(a) === formatValue(b);
    return a.kind === b.kind && a.name === b.name;
  }
  return a === b;
}

/** The action of the last range containing `x`, or `fallback` when none does. */
export function actionAt(r: Ranges, x: bigint, fallback: bigint): bigint {
  let action = fallback;
  for (const item of r.items) if (x >= item.lo && x <= item.hi) action = item.action;
  return action;
}
