/**
 * The C runtime every generated header carries, guarded so that it is
 * defined once per translation unit: the u64 helpers of
 * src/runtime/values.ts (shifts by 64 or more give 0, GENMASK, fls, ...),
 * tables, ranges, the outcome of a consumer and pmumap_format_message,
 * which fills in a message's {placeholders}. C11 and C++17 clean under
 * -Wconversion -Wsign-conversion -Wshadow.
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
  ...['pmumap_arg', 'pmumap_args', 'pmumap_arg_kind', 'pmumap_format_message'],
  ...['PMUMAP_ARG_INT', 'PMUMAP_ARG_BOOL', 'PMUMAP_ARG_TEXT', 'PMUMAP_MAX_ARGS'],
];

/** The most {placeholders} one message may name (the size of struct pmumap_args). */
export const C_MAX_ARGS = 8;

const attrFields = Object.entries(PERF_ATTRS)
  .map(([name, kind]) => `  ${kind === 'int' ? 'uint64_t' : 'bool'} ${name};`)
  .join('\n');

const attrBits = Object.keys(PERF_ATTRS)
  .map((name, i) => `#define ${cAttrBit(name)} (1u << ${i})`)
  .join('\n');

export const C_PRELUDE = `#ifndef PMUMAP__RUNTIME_2
#define PMUMAP__RUNTIME_2
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

/** The value of a {placeholder} of a message: an integer, a boolean or a text (a pmu's name). */
enum pmumap_arg_kind { PMUMAP_ARG_INT, PMUMAP_ARG_BOOL, PMUMAP_ARG_TEXT };
struct pmumap_arg {
  const char *name;
  enum pmumap_arg_kind kind;
  uint64_t value; /* INT, BOOL */
  const char *text; /* TEXT */
};
#define PMUMAP_MAX_ARGS ${C_MAX_ARGS}
/** The values of the {placeholders} a result's message names, as the consumer saw them. */
struct pmumap_args {
  size_t count;
  struct pmumap_arg items[PMUMAP_MAX_ARGS];
};

static inline struct pmumap_arg pmumap__arg(const char *name, enum pmumap_arg_kind kind, uint64_t value, const char *text) {
  struct pmumap_arg a;
  a.name = name;
  a.kind = kind;
  a.value = value;
  a.text = text;
  return a;
}
static inline void pmumap__put(char *buf, size_t size, size_t *at, char c) {
  if (*at + 1 < size) buf[*at] = c;
  (*at)++;
}
static inline void pmumap__put_text(char *buf, size_t size, size_t *at, const char *text) {
  for (; *text != '\\0'; text++) pmumap__put(buf, size, at, *text);
}
static inline bool pmumap__name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
static inline bool pmumap__name_char(char c) { return pmumap__name_start(c) || (c >= '0' && c <= '9'); }
static inline const struct pmumap_arg *pmumap__arg_named(const struct pmumap_args *args, const char *name, size_t len) {
  size_t i, j;
  if (args == NULL) return NULL;
  for (i = 0; i < args->count && i < PMUMAP_MAX_ARGS; i++) {
    const char *n = args->items[i].name;
    for (j = 0; j < len && n[j] == name[j]; j++) continue;
    if (j == len && n[len] == '\\0') return &args->items[i];
  }
  return NULL;
}
static inline void pmumap__put_arg(char *buf, size_t size, size_t *at, const struct pmumap_arg *a) {
  char digits[16];
  size_t n = 0;
  uint64_t v = a->value;
  if (a->kind == PMUMAP_ARG_TEXT) {
    pmumap__put_text(buf, size, at, a->text);
  } else if (a->kind == PMUMAP_ARG_BOOL) {
    pmumap__put_text(buf, size, at, v != 0 ? "true" : "false");
  } else if (v < 10) {
    pmumap__put(buf, size, at, (char)('0' + v));
  } else {
    pmumap__put_text(buf, size, at, "0x");
    for (; v != 0; v >>= 4) digits[n++] = "0123456789abcdef"[v & 15];
    while (n > 0) pmumap__put(buf, size, at, digits[--n]);
  }
}
/**
 * Write \`message\` to buf with each {name} that args holds replaced by its
 * value, as the TypeScript runtime writes it: integers below 10 in decimal,
 * others as 0x hex, booleans as true or false, a pmu by its name; a {name}
 * args does not hold stays as written. Like snprintf: writes at most size
 * bytes, NUL-terminated when size > 0, and returns the length of the whole
 * message (a result >= size means buf was too small). args may be NULL.
 */
static inline size_t pmumap_format_message(char *buf, size_t size, const char *message, const struct pmumap_args *args) {
  size_t at = 0;
  const char *p = message;
  while (*p != '\\0') {
    if (*p == '{' && pmumap__name_start(p[1])) {
      size_t len = 1;
      const struct pmumap_arg *a;
      while (pmumap__name_char(p[1 + len])) len++;
      a = p[1 + len] == '}' ? pmumap__arg_named(args, p + 1, len) : NULL;
      if (a != NULL) {
        pmumap__put_arg(buf, size, &at, a);
        p += len + 2;
        continue;
      }
    }
    pmumap__put(buf, size, &at, *p);
    p++;
  }
  if (size > 0) buf[at < size ? at : size - 1] = '\\0';
  return at;
}

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
#endif /* PMUMAP__RUNTIME_2 */
`;
