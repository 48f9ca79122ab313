/**
 * Every emitter, over one model: per source a TypeScript and a JSON table,
 * plus the TypeScript index and the JSON Schema. Pure: no fs, no console.
 */
import type { Model } from '../model/model.ts';
import { emitJson } from './emit-json.ts';
import { emitTs, emitTsIndex } from './emit-ts.ts';
import type { GeneratedFile } from './generated-file.ts';
import { emitJsonSchema } from './json-schema.ts';
import { partOf } from './partition.ts';

export type Target = 'ts' | 'json';
export const TARGETS: readonly Target[] = ['ts', 'json'];

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
  }
  if (targets.includes('ts')) files.push(emitTsIndex(sorted));
  if (targets.includes('json')) files.push(emitJsonSchema());
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
