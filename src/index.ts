/**
 * pmumap as a library: load the shipped tables (or compile a tables
 * directory), list interfaces and consumers, run one consumer on typed
 * inputs and get its typed outcome with the tables line that decided.
 * The generated tables alone, as data, are `pmumap/tables/<name>`.
 */
export { loadShippedTables } from './api/load-shipped.ts';
export { loadTablesDirectory } from './api/load-directory.ts';
export type { LoadOptions, LoadResult } from './api/load-directory.ts';
export { PmuTables } from './api/pmu-tables.ts';
export type { RunOptions, SourceReader } from './api/pmu-tables.ts';
export { PmumapError } from './api/errors.ts';
export type { Answer } from './api/answer.ts';
export type { InputValue, Inputs, RangeInput } from './api/inputs.ts';
export type { ConsumerInfo, InputInfo, InterfaceInfo, OutputInfo } from './api/describe.ts';
export type { Outcome, PerfAttr, TraceEntry, Warning } from './runtime/run.ts';
export type { Range, Ranges, Value } from './runtime/values.ts';
export type { Diagnostic, Related, Span } from './diagnostics/diagnostic.ts';
export type { Model } from './model/model.ts';
