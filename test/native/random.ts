/**
 * Seeded random vectors (splitmix64, so every run tests the same values):
 * registers field by field or as raw 64-bit values, small and boundary
 * integers, every pmu (also ones outside the interface's family: the
 * runtime's EvalError must match too), and filters of random ranges,
 * including ones that end at 2^64 - 1. Inputs with a default are given
 * only sometimes, so the defaults are compared as well.
 */
import type { Model } from '../../src/model/model.ts';
import { typeOfName } from '../../src/emit/native-model.ts';
import type { Value } from '../../src/runtime/values.ts';
import { U64_MASK } from '../../src/runtime/values.ts';
import type { Vector } from './vectors.ts';

export class Rng {
  private state: bigint;
  constructor(seed: bigint) {
    this.state = seed & U64_MASK;
  }
  /** A uniform 64-bit value. */
  next(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & U64_MASK;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & U64_MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & U64_MASK;
    return z ^ (z >> 31n);
  }
  below(n: number): number {
    return Number(this.next() % BigInt(n));
  }
  pick<T>(list: readonly T[]): T {
    return list[this.below(list.length)] as T;
  }
}

const EDGES = [0n, 1n, 2n, 3n, 31n, 32n, 33n, 63n, 64n, 0x3fn, 0x40n, 0xffn, 0xffffn, U64_MASK];

/**
 * Where a value stops fitting a 32-bit (or a safe double's) representation:
 * 2^31, 2^32, 2^53 and 2^63, each with its neighbours. Any runtime that keeps
 * small values as plain numbers must answer here exactly as with bigints.
 */
const WIDTH_EDGES = [31n, 32n, 53n, 63n].flatMap((k) =>
  [-2n, -1n, 0n, 1n, 2n].map((d) => (1n << k) + d),
);

/** The values an enum or perf id type names (`PMUVer`, `perf.HARDWARE`), if `type` is one. */
function members(model: Model, type: string): bigint[] {
  const e = model.enums.find((x) => x.name === type);
  if (e) return e.members.map((m) => BigInt(m.value));
  const [target, name] = type.split('.');
  const ids = model.targets.find((x) => x.name === target)?.types.find((x) => x.name === name)?.ids;
  return (ids ?? []).map((m) => BigInt(m.value));
}

function anyInteger(r: Rng): bigint {
  const roll = r.below(12);
  if (roll < 3) return r.next();
  if (roll < 5) return r.next() & 0xffffffffn;
  if (roll < 6) return r.next() & r.next() & r.next(); // few bits set
  if (roll < 8) return BigInt(r.below(40));
  if (roll < 10) return r.pick(EDGES);
  // Near a width boundary, or a random value with only its bits above 31 or 32 set.
  return roll < 11
    ? r.pick(WIDTH_EDGES)
    : r.next() & (r.below(2) ? ~0x7fffffffn : ~0xffffffffn) & U64_MASK;
}

function integer(r: Rng, model: Model, type: string): bigint {
  const roll = r.below(20);
  const named = members(model, type);
  if (named.length > 0)
    return roll < 15 ? r.pick(named) : roll < 17 ? BigInt(r.below(16)) : anyInteger(r);
  const bits = /^u(\d+)$/.exec(type)?.[1];
  if (bits !== undefined && Number(bits) <= 8) {
    return roll < 9 ? BigInt(r.below(8)) : roll < 14 ? BigInt(r.below(40)) : anyInteger(r);
  }
  const reg = model.registers.find((x) => x.name === type);
  if (!reg || roll < 6) return anyInteger(r);
  // Field by field: small values, all ones, or anything; reserved bits mostly clear.
  let v = 0n;
  for (const f of reg.fields) {
    const ones = (1n << BigInt(f.msb - f.lsb + 1)) - 1n;
    const choice = r.below(f.reserved ? 12 : 5);
    const x =
      choice === 0
        ? ones
        : choice === 1
          ? r.next() & ones
          : choice < 4
            ? BigInt(r.below(9)) & ones
            : 0n;
    v |= x << BigInt(f.lsb);
  }
  return v;
}

function ranges(r: Rng): Value {
  const items = Array.from({ length: r.below(5) }, () => {
    const roll = r.below(10);
    let lo: bigint;
    let hi: bigint;
    if (roll < 6) {
      lo = BigInt(r.pick([0, 0x4000, 0x4020]) + r.below(0x48));
      hi = lo + BigInt(r.below(3) === 0 ? 0 : r.below(0x30));
    } else if (roll < 8) {
      lo = r.next() & 0xffffn;
      hi = lo + (r.next() & 0xffffn);
    } else if (roll < 9) {
      lo = r.pick([0n, 0x11n, 0xffffn, r.next()]);
      hi = U64_MASK;
    } else {
      [lo, hi] = [r.next(), r.next()];
      if (lo > hi) [lo, hi] = [hi, lo];
    }
    return { action: BigInt(r.pick([0, 0, 1, 1, 2])), lo, hi };
  });
  return { kind: 'ranges', items };
}

/** `count` random vectors for interface `iface`. */
export function randomVectors(model: Model, iface: string, count: number, seed: bigint): Vector[] {
  const r = new Rng(seed);
  const i = model.interfaces.find((x) => x.name === iface);
  if (!i) throw new Error(`unknown interface ${iface}`);
  const family = (type: string): string[] => {
    const names = model.pmus
      .filter((p) => {
        for (
          let q: string | undefined = p.name;
          q;
          q = model.pmus.find((x) => x.name === q)?.parent
        )
          if (q === type) return true;
        return false;
      })
      .map((p) => p.name);
    return names.length > 0 ? names : model.pmus.map((p) => p.name);
  };
  return Array.from({ length: count }, () => {
    const given = new Map<string, Value>();
    for (const input of i.inputs) {
      const optional = input.default !== undefined || typeOfName(model, input.type) === 'ranges';
      if (optional && r.below(2) === 0) continue;
      switch (typeOfName(model, input.type)) {
        case 'bool':
          given.set(input.name, r.below(2) === 1);
          break;
        case 'pmu': {
          const all = r.below(10) < 1 ? model.pmus.map((p) => p.name) : family(input.type);
          given.set(input.name, { kind: 'pmu', name: r.pick(all) });
          break;
        }
        case 'ranges':
          given.set(input.name, ranges(r));
          break;
        default:
          given.set(input.name, integer(r, model, input.type));
      }
    }
    return { iface, given };
  });
}
