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

/** Throws EmitError (from ./native-model.ts) when the C or Rust target cannot express the model. */
export function emitAll(
  model: Model,
  sources: readonly string[],
  targets: readonly Target[] = TARGETS,
): GeneratedFile[] {
  const sorted = [...sources].sort();
  const files: GeneratedFile[] = [];
  for (const source of sorted) {
    const part = partOf(model, source);
    if (targets.includes('ts')) files.push(emitTs(part, source));
    if (targets.includes('json')) files.push(emitJson(part, source));
    if (targets.includes('c')) files.push(emitC(part, source, model));
    if (targets.includes('rust')) files.push(emitRust(part, source, model));
  }
  if (targets.includes('ts')) files.push(emitTsIndex(sorted));
  if (targets.includes('json')) files.push(emitJsonSchema());
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
