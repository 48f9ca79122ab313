/**
 * The C driver of the differential test, generated from the model with the
 * emitter's own naming: it reads vectors (see vectors.ts) from stdin,
 * applies the interface defaults, runs every consumer of the interface and
 * prints the canonical answer line of each, as vectors.ts does for the
 * TypeScript runtime. Run as `driver-c messages` it prints instead each
 * run's message filled in by pmumap_format_message (`-` for none).
 */
import { PERF_ATTRS } from '../../src/check/perf-attrs.ts';
import type { Model } from '../../src/model/model.ts';
import { analyse, typeOfName } from '../../src/emit/native-model.ts';
import {
  cConsumer,
  cDefaults,
  cHeader,
  cIn,
  cOutBit,
  cPmu,
  cReason,
  cResult,
  fieldName,
} from '../../src/emit/native-names.ts';

const KINDS = ['none', 'perf', 'software', 'direct', 'refused'];

/** The C driver: includes every generated header. */
export function cDriver(model: Model, sources: readonly string[]): string {
  const a = analyse(model);
  const out: string[] = [
    '#include <inttypes.h>',
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    ...sources.map((s) => `#include "${cHeader(s)}"`),
    'static const char *src;',
    'static int messages;',
    'static int more(void) {',
    "  while (*src == ' ' || *src == '\\n' || *src == '\\r' || *src == '\\t') src++;",
    '  return *src != 0;',
    '}',
    'static uint64_t num(void) {',
    '  char *end;',
    '  uint64_t v = strtoull(src, &end, 16);',
    '  if (end == src) { fputs("bad vector\\n", stderr); exit(2); }',
    '  src = end;',
    '  return v;',
    '}',
    'static void hex(const char *pre, uint64_t v) { printf("%s0x%" PRIx64, pre, v); }',
    'static inline const char *pmu_name(uint32_t id) {',
    '  switch (id) {',
    ...model.pmus.map((p) => `  case ${cPmu(p.name)}: return "${p.name}";`),
    '  default: return "?";',
    '  }',
    '}',
    `static const char *reason_name(${a.reasonFile ? 'enum pmumap_reason' : 'uint32_t'} r) {`,
    '  switch (r) {',
    ...model.reasons.map((r) => `  case ${cReason(r.code)}: return "${r.code}";`),
    '  default: return "-";',
    '  }',
    '}',
    `static const char *kinds[] = {${KINDS.map((k) => `"${k}"`).join(', ')}};`,
    'static void attrs(const struct pmumap_perf_attr *a) {',
    '  const char *sep = " a=";',
    '  printf("%s", sep);',
    ...Object.entries(PERF_ATTRS).flatMap(([name, kind]) => [
      `  if (a->set & PMUMAP_ATTR_${name.toUpperCase()}) {`,
      kind === 'int'
        ? `    hex(sep[0] == ',' ? ",${name}=" : "${name}=", a->${name});`
        : `    printf("%s${name}=%s", sep[0] == ',' ? "," : "", a->${name} ? "true" : "false");`,
      '    sep = ",";',
      '  }',
    ]),
    '}',
  ];
  const cases: string[] = [];
  model.interfaces.forEach((i, k) => {
    const consumers = model.consumers.filter((c) => c.implements === i.name);
    const print = [
      `static void print_${k}(const char *name, int ok, const struct ${cResult(i.name)} *out) {`,
      '  const char *sep = "";',
      '  if (messages) {',
      '    char text[4096];',
      '    int has = ok && (out->kind == PMUMAP_OUTCOME_REFUSED || out->kind == PMUMAP_OUTCOME_SOFTWARE || out->kind == PMUMAP_OUTCOME_DIRECT);',
      '    if (has && pmumap_format_message(text, sizeof text, out->message, &out->args) >= sizeof text) exit(3);',
      '    printf("%s\\n", has ? text : "-");',
      '    return;',
      '  }',
      '  if (!ok) { printf("%s error\\n", name); return; }',
      '  printf("%s %s %s %s g=", name, kinds[out->kind], reason_name(out->reason), out->kind == PMUMAP_OUTCOME_NONE ? "-" : out->origin);',
      '  if (out->generic) hex("", out->perf_id); else printf("-");',
      '  attrs(&out->attr);',
      '  printf(" o=");',
      ...i.outputs.flatMap((x) => {
        const field = `out->${fieldName(x.name)}`;
        const type = typeOfName(model, x.type);
        const value =
          type === 'bool'
            ? `printf("%s", ${field} ? "true" : "false")`
            : type === 'pmu'
              ? `printf("%s", pmu_name(${field}))`
              : `hex("", ${field})`;
        return [
          `  if (out->set & ${cOutBit(i.name, x.name)}) { printf("%s${x.name}=", sep); ${value}; sep = ","; }`,
        ];
      }),
      '  hex(" w=", out->warnings);',
      '  printf("\\n");',
      '  (void)sep;',
      '}',
    ];
    out.push(...print);
    const reads = i.inputs.flatMap((x) => {
      const field = `in.${fieldName(x.name)}`;
      switch (typeOfName(model, x.type)) {
        case 'bool':
          return [`${field} = num() != 0;`];
        case 'pmu':
          return [`${field} = (uint32_t)num();`];
        case 'ranges':
          return [
            `{ static struct pmumap_range r[64]; size_t n = (size_t)num(), j; if (n > 64) exit(2);`,
            `  for (j = 0; j < n; j++) { r[j].action = num(); r[j].lo = num(); r[j].hi = num(); }`,
            `  ${field}.items = r; ${field}.count = n; }`,
          ];
        default:
          return [`${field} = num();`];
      }
    });
    cases.push(
      `    case ${k}: {`,
      `      struct ${cIn(i.name)} in;`,
      `      struct ${cResult(i.name)} out;`,
      '      uint64_t given = num();',
      '      int ok;',
      '      memset(&in, 0, sizeof in);',
      ...reads.map((l) => `      ${l}`),
      `      ok = ${cDefaults(i.name)}(&in, given);`,
      ...consumers.map(
        (c) =>
          `      print_${k}("${c.name}", ok && ${cConsumer(i.name, c.name)}(&in, &out), &out);`,
      ),
      '      break;',
      '    }',
    );
  });
  out.push(
    'int main(int argc, char **argv) {',
    '  static char buf[1 << 26];',
    '  messages = argc > 1 && strcmp(argv[1], "messages") == 0;',
    '  size_t len = fread(buf, 1, sizeof buf - 1, stdin);',
    '  buf[len] = 0;',
    '  src = buf;',
    '  while (more()) {',
    '    switch (num()) {',
    ...cases,
    '    default: fputs("bad interface\\n", stderr); return 2;',
    '    }',
    '  }',
    '  return 0;',
    '}',
  );
  return out.join('\n') + '\n';
}
