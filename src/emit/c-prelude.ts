/**
 * The C runtime every generated header carries, guarded so that it is
 * defined once per translation unit: the u64 helpers of
 * src/runtime/values.ts (shifts by 64 or more give 0, GENMASK, fls, ...),
 * tables, ranges and the outcome of a consumer. C11 and C++17 clean.
 */
import { PERF_ATTRS } from '../check/perf-attrs.ts';
import { cAttrBit } from './native-names.ts';

export const C_OUTCOMES = ['NONE', 'PERF', 'SOFTWARE', 'DIRECT', 'REFUSED'] as const;

/** Identifiers the prelude defines (a model name must not collide with them). */
export const C_PRELUDE_NAMES: readonly string[] = [
  ...C_OUTCOMES.map((o) => `PMUMAP_OUTCOME_${o}`),
  ...Object.keys(PERF_ATTRS).map(cAttrBit),
  ...['pmumap_outcome_kind', 'pmumap_perf_attr', 'pmumap_entry', 'pmumap_table'],
  ...['pmumap_range', 'pmumap_ranges', 'pmumap_reason'],
];

const attrFields = Object.entries(PERF_ATTRS)
  .map(([name, kind]) => `  ${kind === 'int' ? 'uint64_t' : 'bool'} ${name};`)
  .join('\n');

const attrBits = Object.keys(PERF_ATTRS)
  .map((name, i) => `#define ${cAttrBit(name)} (1u << ${i})`)
  .join('\n');

export const C_PRELUDE = `#ifndef PMUMAP__RUNTIME_1
#define PMUMAP__RUNTIME_1
/* The pmumap C runtime (identical in every generated header). */

/** How a consumer's decision list ended. */
enum pmumap_outcome_kind {
${C_OUTCOMES.map((o, i) => `  PMUMAP_OUTCOME_${o} = ${i}`).join(',\n')}
};

/** The perf_event_attr fields a mapping sets; \`set\` has a PMUMAP_ATTR_* bit for each one set. */
struct pmumap_perf_attr {
${attrFields}
  uint32_t set;
};
${attrBits}

/** A table: key -> value pairs, looked up by key. */
struct pmumap_entry {
  uint64_t key;
  uint64_t value;
};
struct pmumap_table {
  const struct pmumap_entry *entries;
  size_t count;
};

/** A ranges value (a KVM PMU event filter): later ranges override earlier ones. */
struct pmumap_range {
  uint64_t action;
  uint64_t lo;
  uint64_t hi;
};
struct pmumap_ranges {
  const struct pmumap_range *items;
  size_t count;
};

static inline uint64_t pmumap__shl(uint64_t v, uint64_t n) { return n >= 64 ? 0 : v << n; }
static inline uint64_t pmumap__shr(uint64_t v, uint64_t n) { return n >= 64 ? 0 : v >> n; }
/** GENMASK(k - 1, 0): all ones from k = 64. */
static inline uint64_t pmumap__prefix(uint64_t k) { return k >= 64 ? UINT64_MAX : (1ULL << k) - 1; }
/** (v >> lsb) & the low width bits. */
static inline uint64_t pmumap__extract(uint64_t v, uint64_t lsb, uint64_t width) {
  return lsb >= 64 || width == 0 ? 0 : (v >> lsb) & pmumap__prefix(width);
}
/** v[hi:lo]; 0 when hi < lo. */
static inline uint64_t pmumap__slice(uint64_t v, uint64_t hi, uint64_t lo) {
  if (hi < lo || lo >= 64) return 0;
  return (v >> lo) & (hi - lo >= 63 ? UINT64_MAX : (1ULL << (hi - lo + 1)) - 1);
}
static inline uint64_t pmumap__bit(uint64_t v, uint64_t i) { return i >= 64 ? 0 : (v >> i) & 1; }
/** GENMASK(hi, lo); 0 when hi < lo. */
static inline uint64_t pmumap__genmask(uint64_t hi, uint64_t lo) {
  if (hi < lo || lo >= 64) return 0;
  return (hi >= 63 ? UINT64_MAX : (1ULL << (hi + 1)) - 1) & ~((1ULL << lo) - 1);
}
static inline uint64_t pmumap__popcount(uint64_t v) {
  uint64_t n = 0;
  for (; v != 0; v &= v - 1) n++;
  return n;
}
/** The length of the run of ones from bit 0. */
static inline uint64_t pmumap__contiguous(uint64_t v) {
  uint64_t n = 0;
  while (n < 64 && ((v >> n) & 1) == 1) n++;
  return n;
}
/** The index of the highest set bit plus one; 0 for 0. */
static inline uint64_t pmumap__fls(uint64_t v) {
  uint64_t n = 0;
  for (; v != 0; v >>= 1) n++;
  return n;
}
static inline uint64_t pmumap__min(uint64_t a, uint64_t b) { return b < a ? b : a; }
static inline uint64_t pmumap__max(uint64_t a, uint64_t b) { return b > a ? b : a; }
/* Comparisons against 0 or UINT64_MAX go through these (no -Wtype-limits). */
static inline bool pmumap__lt(uint64_t a, uint64_t b) { return a < b; }
static inline bool pmumap__le(uint64_t a, uint64_t b) { return a <= b; }

static inline struct pmumap_table pmumap__table_of(const struct pmumap_entry *e, size_t n) {
  struct pmumap_table t;
  t.entries = e;
  t.count = n;
  return t;
}
static inline bool pmumap__table_find(struct pmumap_table t, uint64_t key, uint64_t *value) {
  size_t i;
  for (i = 0; i < t.count; i++) {
    if (t.entries[i].key == key) {
      *value = t.entries[i].value;
      return true;
    }
  }
  return false;
}
static inline bool pmumap__table_has(struct pmumap_table t, uint64_t key) {
  uint64_t v;
  return pmumap__table_find(t, key, &v);
}
/** t[key]; sets *err (the runtime's EvalError) when key is not in t. */
static inline uint64_t pmumap__table_get(struct pmumap_table t, uint64_t key, bool *err) {
  uint64_t v = 0;
  if (!pmumap__table_find(t, key, &v)) *err = true;
  return v;
}

static inline struct pmumap_ranges pmumap__ranges_of(const struct pmumap_range *r, size_t n) {
  struct pmumap_ranges x;
  x.items = r;
  x.count = n;
  return x;
}
static inline uint64_t pmumap__count(struct pmumap_ranges r) { return (uint64_t)r.count; }
static inline uint64_t pmumap__first_action(struct pmumap_ranges r) {
  return r.count > 0 ? r.items[0].action : 0;
}
/** The action of the last range holding x, else fallback. */
static inline uint64_t pmumap__action_at(struct pmumap_ranges r, uint64_t x, uint64_t fallback) {
  size_t i;
  uint64_t action = fallback;
  for (i = 0; i < r.count; i++)
    if (x >= r.items[i].lo && x <= r.items[i].hi) action = r.items[i].action;
  return action;
}
/** The largest hi + 1 (wrapping), 0 for no ranges. */
static inline uint64_t pmumap__range_end(struct pmumap_ranges r) {
  size_t i;
  uint64_t end = 0;
  for (i = 0; i < r.count; i++)
    if (r.items[i].hi + 1 > end) end = r.items[i].hi + 1;
  return end;
}
#endif /* PMUMAP__RUNTIME_1 */
`;
