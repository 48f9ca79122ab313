/**
 * The C side of values: the C type of each native type, the file being
 * written (its includes and hoisted helpers), and constants: tables, pmu
 * ids and pmu properties (a switch over pmu ids, hoisted once per file).
 */
import type { Value } from '../runtime/values.ts';
import type { Analysis, NType } from './native-model.ts';
import { EmitError, hex, lower } from './native-model.ts';
import { cPmu, cPrivate, cTable } from './native-names.ts';

/** One generated header being written. */
export interface CFile {
  readonly a: Analysis;
  readonly source: string;
  /** Other sources whose headers this one includes. */
  readonly deps: Set<string>;
  /** Hoisted helper functions, emitted before the item that needed them. */
  readonly helpers: string[];
  readonly props: Set<string>;
  next: number;
}

export interface CVar {
  readonly code: string;
  readonly type: NType;
}

export interface CScope {
  readonly vars: ReadonlyMap<string, CVar>;
  /** A `bool *` expression for failures; undefined where nothing can fail. */
  readonly err: string | undefined;
  /** Records the code of every variable read. */
  readonly used?: Set<string>;
}

export const C_TYPES: Record<NType, string> = {
  int: 'uint64_t',
  bool: 'bool',
  pmu: 'uint32_t',
  table: 'struct pmumap_table',
  ranges: 'struct pmumap_ranges',
};

export const C_ZERO: Record<NType, string> = {
  int: '0',
  bool: 'false',
  pmu: '0u',
  table: 'pmumap__table_of(NULL, 0)',
  ranges: 'pmumap__ranges_of(NULL, 0)',
};

export function depend(f: CFile, file: string): void {
  if (file !== f.source) f.deps.add(file);
}

/** C for a model table (or a pmu's fixed_event table) as a `struct pmumap_table`. */
export function cTableRef(f: CFile, name: string): string {
  const info = f.a.tableInfo(name);
  depend(f, info.file);
  return `${cTable(info.name)}_table()`;
}

/** C for a constant runtime value (a pmu property). */
export function cValue(f: CFile, v: Value): string {
  if (typeof v === 'bigint') return `${hex(v)}ULL`;
  if (typeof v === 'boolean') return String(v);
  if (v.kind === 'pmu') {
    depend(f, f.a.pmuFile.get(v.name) ?? f.source);
    return cPmu(v.name);
  }
  if (v.kind === 'table') return cTableRef(f, v.name);
  throw new EmitError('a ranges value cannot be a pmu property');
}

/** The hoisted accessor of pmu property `name` (fails for a pmu without it). */
export function propAccessor(f: CFile, name: string): string {
  const fn = cPrivate(f.source, `prop_${lower(name)}`);
  if (f.props.has(name)) return fn;
  f.props.add(name);
  const info = f.a.prop(name);
  const cases = [...info.values].map(
    ([pmu, v]) => `  case ${cValue(f, { kind: 'pmu', name: pmu })}:\n    return ${cValue(f, v)};`,
  );
  f.helpers.push(
    [
      `/* The pmu property '${name}' of each pmu that has it. */`,
      `static inline ${C_TYPES[info.type]} ${fn}(uint32_t pmu, bool *err) {`,
      '  switch (pmu) {',
      ...cases,
      '  default:',
      '    *err = true;',
      `    return ${C_ZERO[info.type]};`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return fn;
}
