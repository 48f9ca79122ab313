/**
 * Every emitter, over one model: per source a TypeScript and a JSON table,
 * a C header and a Rust module, plus the TypeScript index and the JSON
 * Schema. Pure: no fs, no console.
 */
import type { Model } from '../model/model.ts';
import { emitC } from './emit-c.ts';
import { emitJson } from './emit-json.ts';
import { emitRust } from './emit-rust.ts';
import { emitTs, emitTsIndex } from './emit-ts.ts';
import type { GeneratedFile } from './generated-file.ts';
import { emitJsonSchema } from './json-schema.ts';
import { partOf } from './partition.ts';

export type Target = 'ts' | 'json' | 'c' | 'rust';
export const TARGETS: readonly Target[] = ['ts', 'json', 'c', 'rust'];

/** A generated file and the target that emitted it (gen keeps the other targets' files). */
export interface TargetFile extends GeneratedFile {
  readonly target: Target;
}

/** Throws EmitError (from ./native-model.ts) when the C or Rust target cannot express the model. */
export function emitAll(
  model: Model,
  sources: readonly string[],
  targets: readonly Target[] = TARGETS,
): TargetFile[] {
  const sorted = [...sources].sort();
  const files: TargetFile[] = [];
  const add = (target: Target, file: GeneratedFile) => files.push({ ...file, target });
  for (const source of sorted) {
    const part = partOf(model, source);
    if (targets.includes('ts')) add('ts', emitTs(part, source));
    if (targets.includes('json')) add('json', emitJson(part, source));
    if (targets.includes('c')) add('c', emitC(part, source, model));
    if (targets.includes('rust')) add('rust', emitRust(part, source, model));
  }
  if (targets.includes('ts')) add('ts', emitTsIndex(sorted));
  if (targets.includes('json')) add('json', emitJsonSchema());
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
