/**
 * Every emitter, over one model, laid out by target so each folder is a
 * unit a build can point at: `ts/` (a TypeScript table per source, the
 * index that merges them, and the types and merge they import), `json/`
 * (a JSON table per source and the JSON Schema), `c/` (a header per source
 * and the umbrella pmumap.h) and `rust/` (one crate: Cargo.toml, src/lib.rs,
 * a module per source). Paths are relative POSIX paths. Pure: no fs, no
 * console.
 */
import type { Model } from '../model/model.ts';
import { emitC, emitCUmbrella } from './emit-c.ts';
import { emitJson } from './emit-json.ts';
import { emitRust, emitRustCrate } from './emit-rust.ts';
import { emitTs, emitTsIndex, emitTsSupport } from './emit-ts.ts';
import type { GeneratedFile } from './generated-file.ts';
import { emitJsonSchema } from './json-schema.ts';
import { EmitError } from './native-model.ts';
import { partOf } from './partition.ts';

export type Target = 'ts' | 'json' | 'c' | 'rust';
export const TARGETS: readonly Target[] = ['ts', 'json', 'c', 'rust'];

/** A generated file and the target that emitted it (gen keeps the other targets' files). */
export interface TargetFile extends GeneratedFile {
  readonly target: Target;
}

/** Throws EmitError (from ./native-model.ts) when a target cannot express the model. */
export function emitAll(
  model: Model,
  sources: readonly string[],
  targets: readonly Target[] = TARGETS,
): TargetFile[] {
  const sorted = [...new Set(sources)].sort();
  const files: TargetFile[] = [];
  const add = (target: Target, file: GeneratedFile) => files.push({ ...file, target });
  for (const source of sorted) {
    const part = partOf(model, source);
    if (targets.includes('ts')) add('ts', emitTs(part, source));
    if (targets.includes('json')) add('json', emitJson(part, source));
    if (targets.includes('c')) add('c', emitC(part, source, model));
    if (targets.includes('rust')) add('rust', emitRust(part, source, model));
  }
  if (targets.includes('ts')) {
    add('ts', emitTsIndex(sorted));
    for (const f of emitTsSupport()) add('ts', f);
  }
  if (targets.includes('json')) add('json', emitJsonSchema());
  if (targets.includes('c')) add('c', emitCUmbrella(sorted));
  if (targets.includes('rust')) for (const f of emitRustCrate(model, sorted)) add('rust', f);
  checkDistinctPaths(files);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** A source named like a file the target adds (ts/model.ts, c/pmumap.h, rust/src/lib.rs) would be overwritten. */
function checkDistinctPaths(files: readonly GeneratedFile[]): void {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new EmitError(`two generated files would be ${f.path}`);
    seen.add(f.path);
  }
}
