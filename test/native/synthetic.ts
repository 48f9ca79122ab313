/**
 * A synthetic source that drives every operator, builtin and construct of
 * the DSL through the C and Rust targets with arbitrary 64-bit operands,
 * including the corners the shipped tables never reach: shifts, slices and
 * prefix() at and past 64, genmask(hi < lo), wrap-around, comparisons with
 * 0 and 2^64 - 1, lookups that fail lazily or not at all, pmu properties
 * missing on some pmus, nested bits(), user functions that can fail,
 * defaults that depend on other inputs, warnings and every outcome kind.
 */
const OPS = `
target perf "perf" {
  type HARDWARE = 0 "generic" {
    CPU_CYCLES = 0 "cpu-cycles"
    INSTRUCTIONS = 1 "instructions"
  }
  type RAW = 4 "raw"
}

reasons Why "why" {
  BIG "x is big"
  ODD "x is odd"
  EMULATED "emulated"
}

enum Act : 8 "filter actions" { ALLOW = 0 DENY = 1 }
events ev : 16 "events" { ZERO = 0 ONE = 1 BIG = 0x4000 }

register REG : 64 "a register" {
  63:32 HI
  31:8 MID
  7:1 LO
  0 B0
}

table tbl : u64 -> u64 "a table" {
  0 -> 10
  1 -> 11
  5 -> 15
  0xffffffffffffffff -> 7
}

pmu base "the base" {
  let flag = false
  let n = 3
  let twin = other
  table map : u64 -> u64 "per pmu" { 1 -> 2 }
  counter 0..2 programmable via REG
  counter 3 fixed ev.BIG via REG
  counter 63 fixed ev.ONE via REG
}
pmu child extends base "a child" {
  let flag = true
  table map : u64 -> u64 "per pmu" { 2 -> 3 3 -> 4 }
}
pmu other "no flag, no map" { let n = 9 let twin = base }

fn f(a : u64, b : u64) : u64 = a < b ? tbl[a] : b - a "can fail"
fn g(a : u64) : bool = a in tbl "cannot fail"
fn h(a : u64, unused : u64) : u64 = f(a, 6) + bits(i in 0..5 : g(i + a)) "calls f"

interface ops "every construct" {
  input x : REG
  input y : u64
  input k : u64
  input p : base = base
  input r : ranges<Act>
  input flag : bool = !p.flag
  input d : u64 = x + k
  output sum : u64
  output diff : u64
  output shifts : u64
  output masks : u64
  output counts : u64
  output extremes : u64
  output fields : u64
  output slices : u64
  output compares : bool
  output sets : bool
  output looks : u64
  output props : u64
  output who : base
  output filters : u64
  output comprehension : u64
  output calls : u64
  outcome
}

consumer all implements ops "evaluates everything, then decides" { status spec "a synthetic reader"
  warn huge: x > 0xffffffff => "x is above 32 bits"
  warn zero: y == 0 => "y is zero"
  output sum = x + y + ~k
  output diff = x - y - 1
  output shifts = (x << k) ^ (y >> k) ^ (1 << (k & 63)) ^ bit(k)
  output masks = prefix(k) ^ genmask(k, y & 127) ^ genmask(y & 63, k & 63) ^ genmask(k, 3)
  output counts = popcount(x) + (fls(y) << 8) + (contiguous(x) << 16) + (contiguous(~0) << 24)
  output extremes = min(x, y) + max(x, y, k) + min(k, 7, y) + max(x)
  output fields = x.HI ^ (x.MID << 1) ^ (x.LO << 3) ^ x.B0 ^ (x & 0xff).LO
  output slices = x[k:y] ^ x[63:0] ^ x[y:3] ^ (x[k] << 1) ^ (x[7:0] << 2) ^ x[63:63]
  output compares = (x < y) != (k >= 0) && (y <= 0xffffffffffffffff) || (k > 0 && x < 0) || flag == (d > y) || x >= 0xffffffffffffffff || (count(r) >= 3 && 4 != count(r))
  output sets = x in {1, 2, y, k} || y in 0..0x40 || k in 0..0xffffffffffffffff && x in 5..5 || y in {}
  output looks = (x in tbl ? tbl[x] : 0) + (k in p.map ? p.map[k] : 1) + (y in p.fixed_event ? p.fixed_event[y] : 2)
  output props = p.n + (p.counters << 8) + (base.n << 16) + (child.flag ? 1 : 0)
  output who = p.twin == other ? (k == 0 ? base : child) : p
  output filters = count(r) + (first_action(r) << 4) + (action_at(r, y, 7) << 8) + (range_end(r) << 12)
  output comprehension = bits(i in 0..63 : x[i] == 1 && bits(j in 0..63 : j <= i && y[j] == 1) != 0) ^ bits(i in 3..5 : true) ^ (bits(i in 0..31 : x[i] == 1 || y[i + 1] == 1) << 1) ^ bits(i in 29..31 : k[i] == 0) ^ (bits(i in 0..7 : i in tbl && tbl[i] != 11) << 40) ^ (bits(i in 0..3 : y == 9 && tbl[i] == 10) << 48)
  output calls = h(k, 0) + (g(y) ? 1 : 0)
  when big: x > 0xffffffffffff && y > 0xffffffffffff => refuse BIG "x is {x}"
  when lazy: y == 3 && tbl[x] == 10 => refuse ODD "lookup only when y == 3"
  when soft: y == 4 => software EMULATED "software with a code"
  when plain: y == 5 => software "software without a code"
  when direct: y == 6 => direct "direct"
  when generic: y == 7 => generic k == 0 ? perf.HARDWARE.CPU_CYCLES : perf.HARDWARE.INSTRUCTIONS { exclude_user = flag, pinned = true }
  when odd: x[0] == 1 => refuse ODD "odd {x}"
  => perf { type = perf.RAW, config = d, config1 = p.map[1], config2 = diff, exclude_kernel = flag, exclude_hv = x == y, disabled = false }
}

consumer short implements ops extends all "stops before most outputs" { status spec "a synthetic reader"
  when zero: x == 0 => direct "stops"
  drop big
}
`;

/** A second source: a consumer of the first file's interface, and its functions, tables and pmus. */
const MORE = `
fn cross(a : u64) : u64 = h(a, a) + (a in tbl ? 1 : 0) "uses the other file's functions and table"

consumer extra implements ops extends all "declared in another file than its interface" { status spec "a synthetic reader"
  let z = f(x, y) + p.n
  warn small: z < 4 => "z is small"
  output sum = z + cross(k)
  when gen: y == 8 => generic perf.HARDWARE.INSTRUCTIONS { exclude_idle = true }
  => perf { type = perf.RAW, config = tbl[y & 1], exclude_guest = sets }
}

interface more "an interface of this file over the other's pmus" {
  input a : u64
  input q : base = child
  output c : u64
  output w : base
}

consumer m implements more "reads a pmu's table" { status spec "a synthetic reader"
  output c = cross(a) + q.n + (a in q.map ? q.map[a] : 0)
  output w = q == other ? base : q
}
`;

/** The synthetic sources, as paths and texts. */
export const SYNTHETIC = [
  { path: 'tables/synthetic/ops.pmumap', text: OPS },
  { path: 'tables/synthetic/more.pmumap', text: MORE },
];
