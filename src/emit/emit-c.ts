/**
 * C11 headers in `c/`: one per source, `<stem>.h`, and `pmumap.h`, which
 * includes them all. C11 and C++17 clean with -Wall -Wextra -Wpedantic
 * -Wconversion -Wsign-conversion -Wshadow. Only <stdint.h>, <stdbool.h>,
 * <stddef.h> and the headers of the sources this one uses are included.
 */
import type { MFunction, Model } from '../model/model.ts';
import { C_PRELUDE } from './c-prelude.ts';
import { cComment, cConsumerFn, cFunction, cInterface, cString } from './c-consumer.ts';
import type { CFile } from './c-values.ts';
import type { GeneratedFile } from './generated-file.ts';
import { generatedMarker } from './generated-file.ts';
import type { Analysis } from './native-model.ts';
import { EmitError, fileOf, hex } from './native-model.ts';
import { prepareNative } from './native-check.ts';
import { partOf } from './partition.ts';
import { cCores } from './native-cores.ts';
import { cProtocols } from './protocol-native.ts';
import {
  cField,
  cGuard,
  cHeader,
  cMember,
  cPmu,
  cReason,
  cTable,
  cTarget,
} from './native-names.ts';

/** The folder of the C target, and its umbrella header. */
export const C_DIR = 'c';
export const C_UMBRELLA = 'pmumap.h';

export const C_DOC = `/*
 * Integers are uint64_t and wrap; shifts by 64 or more give 0; a pmu is a
 * uint32_t id (PMUMAP_PMU_*); a table is a struct pmumap_table of
 * {key, value} pairs; a ranges input (a KVM event filter) is a struct
 * pmumap_ranges of {action, lo, hi}. Per interface: struct pmumap_<i>_in,
 * pmumap_<i>_defaults(in, given) for the inputs whose PMUMAP_<I>_IN_* bit
 * is clear in \`given\`, and struct pmumap_<i>_result; per consumer
 * bool pmumap_<i>_<consumer>(in, out), false where the TypeScript runtime
 * throws EvalError. A result's message keeps its {name} placeholders and
 * its args hold their values: pmumap_format_message(buf, size,
 * out.message, &out.args) writes the message filled in. Vendor cores
 * are struct pmumap_core_event arrays, pmumap_core_<core>_events. Features,
 * gates, examples, explores and arch bindings are not emitted.
 */`;

/** Functions in an order where each is defined before a function of this file calls it. */
function ordered(fns: readonly MFunction[]): MFunction[] {
  const out: MFunction[] = [];
  const visit = (fn: MFunction, path: Set<string>): void => {
    if (out.includes(fn)) return;
    if (path.has(fn.name)) throw new EmitError(`function '${fn.name}' calls itself`);
    path.add(fn.name);
    const text = JSON.stringify(fn.body);
    for (const g of fns) if (text.includes(`"fn":"${g.name}"`)) visit(g, path);
    path.delete(fn.name);
    out.push(fn);
  };
  for (const fn of fns) visit(fn, new Set());
  return out;
}

function tableText(f: CFile, name: string, doc: string | undefined): string {
  const info = f.a.tableInfo(name);
  const t = cTable(info.name);
  const rows = info.entries.map((e) => `  {${hex(e.key)}ULL, ${hex(e.value)}ULL},`);
  const n = info.entries.length;
  return [
    `/* Table ${name.includes('#') ? cComment(doc ?? name) : `${name}${doc ? `: ${cComment(doc)}` : ''}`} */`,
    ...(n > 0 ? [`static const struct pmumap_entry ${t}_entries[${n}] = {`, ...rows, '};'] : []),
    `static inline struct pmumap_table ${t}_table(void) {`,
    `  return pmumap__table_of(${n > 0 ? `${t}_entries` : 'NULL'}, ${n});`,
    '}',
    `static inline bool ${t}_lookup(uint64_t key, uint64_t *value) {`,
    `  return pmumap__table_find(${t}_table(), key, value);`,
    '}',
    '',
  ].join('\n');
}

function body(a: Analysis, part: Model, source: string): { text: string; deps: Set<string> } {
  const f: CFile = { a, source, deps: new Set(), helpers: [], props: new Set(), next: 0 };
  const out: string[] = [];
  for (const t of part.targets) {
    out.push(`/* Target ${t.name}${t.doc ? `: ${cComment(t.doc)}` : ''} */`);
    for (const ty of t.types) {
      out.push(`#define ${cTarget(t.name, ty.name)} ${hex(ty.value)}ULL`);
      for (const id of ty.ids ?? [])
        out.push(`#define ${cTarget(t.name, ty.name, id.name)} ${hex(id.value)}ULL`);
    }
    out.push('');
  }
  for (const e of part.enums) {
    out.push(
      `/* ${e.kind === 'events' ? 'Events' : 'Enum'} ${e.name} : ${e.width}${e.doc ? `: ${cComment(e.doc)}` : ''} */`,
    );
    for (const m of e.members) out.push(`#define ${cMember(e.name, m.name)} ${hex(m.value)}ULL`);
    out.push('');
  }
  for (const r of part.registers) {
    const family = r.index ? ` for ${r.index.variable} in ${r.index.lo}..${r.index.hi}` : '';
    out.push(
      `/* Register ${r.name}${family} : ${r.width}${r.doc ? `: ${cComment(r.doc)}` : ''} */`,
    );
    for (const x of r.fields) {
      if (x.reserved) continue;
      const width = x.msb - x.lsb + 1;
      out.push(
        `#define ${cField(r.name, x.name, 'SHIFT')} ${x.lsb}`,
        `#define ${cField(r.name, x.name, 'MASK')} ${hex(((1n << BigInt(width)) - 1n) << BigInt(x.lsb))}ULL`,
        `#define ${cField(r.name, x.name, 'WIDTH')} ${width}`,
      );
    }
    out.push('');
  }
  if (source === a.reasonFile) {
    const reasons = [...a.reasonIds].map(([code, id]) => ({ code, id }));
    out.push(
      '/* Why a consumer refused (or emulated in software): every reasons block of the tables. */',
      'enum pmumap_reason {',
      `  ${cReason('NONE')} = 0,`,
      ...reasons.map((r) => `  ${cReason(r.code)} = ${r.id},`),
      '};',
      'static inline const char *pmumap_reason_code(enum pmumap_reason r) {',
      '  switch (r) {',
      ...reasons.map((r) => `  case ${cReason(r.code)}:\n    return ${cString(r.code)};`),
      '  default:',
      '    return "";',
      '  }',
      '}',
      '',
    );
  }
  for (const p of part.pmus) {
    out.push(`/* Pmu ${p.name}${p.doc ? `: ${cComment(p.doc)}` : ''} */`);
    out.push(`#define ${cPmu(p.name)} ${a.pmuIds.get(p.name) ?? 0}u`);
    out.push(
      tableText(
        f,
        `${p.name}#fixed_event`,
        `${p.name}.fixed_event: counter index -> the event the fixed counter counts`,
      ),
    );
  }
  for (const t of part.tables) out.push(tableText(f, t.name, t.doc));
  for (const fn of ordered(part.functions)) out.push(cFunction(f, fn));
  for (const i of part.interfaces) out.push(cInterface(f, i));
  for (const c of part.consumers) {
    const i = a.model.interfaces.find((x) => x.name === c.implements);
    if (i && fileOf(i.origin) !== source) f.deps.add(fileOf(i.origin));
    out.push(cConsumerFn(f, c));
  }
  out.push(...cCores(part));
  out.push(...cProtocols(part, a.model, source, f.deps));
  return { text: out.join('\n'), deps: f.deps };
}

const bodies = new WeakMap<Model, Map<string, { text: string; deps: Set<string> }>>();

function bodyOf(model: Model, part: Model, source: string): { text: string; deps: Set<string> } {
  let perModel = bodies.get(model);
  if (!perModel) {
    perModel = new Map();
    bodies.set(model, perModel);
  }
  let b = perModel.get(source);
  if (!b) {
    b = body(prepareNative(model), part, source);
    perModel.set(source, b);
  }
  return b;
}

/** Fail when headers would include each other in a cycle (a guard would hide a definition). */
function checkAcyclic(model: Model, source: string): void {
  const visit = (file: string, path: string[]): void => {
    for (const dep of bodyOf(model, partOf(model, file), file).deps) {
      if (dep === source) {
        throw new EmitError(`C headers would include each other: ${[...path, dep].join(' -> ')}`);
      }
      if (!path.includes(dep)) visit(dep, [...path, dep]);
    }
  };
  visit(source, [source]);
}

export function emitC(part: Model, source: string, model: Model): GeneratedFile {
  const { text, deps } = bodyOf(model, part, source);
  checkAcyclic(model, source);
  const guard = cGuard(source);
  const lines = [
    `// ${generatedMarker([source])}`,
    C_DOC,
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    '#include <stdbool.h>',
    '#include <stddef.h>',
    '#include <stdint.h>',
    '',
    ...[...deps].sort().map((d) => `#include "${cHeader(d)}"`),
    ...(deps.size > 0 ? [''] : []),
    C_PRELUDE,
    text,
    `#endif /* ${guard} */`,
    '',
  ];
  return { path: `${C_DIR}/${cHeader(source)}`, contents: lines.join('\n') };
}

/** `c/pmumap.h`: every header of the tables, for a program that wants them all. */
export function emitCUmbrella(sources: readonly string[]): GeneratedFile {
  const lines = [
    `// ${generatedMarker(sources)}`,
    '/* Every pmumap header; each can also be included alone. */',
    '#ifndef PMUMAP_H',
    '#define PMUMAP_H',
    '',
    ...sources.map((s) => `#include "${cHeader(s)}"`),
    '',
    '#endif /* PMUMAP_H */',
    '',
  ];
  return { path: `${C_DIR}/${C_UMBRELLA}`, contents: lines.join('\n') };
}
