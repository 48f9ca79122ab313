/**
 * The tables pmumap ships, loaded from their generated JSON
 * (tables/generated/json/, one part per source file, merged in source
 * order): no parsing, no Ohm, no compiler. The sources beside them
 * (tables/**\/*.pmumap) give each deciding line its text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '../model/model.ts';
import { mergeModels } from '../runtime/merge.ts';
import { packageRoot } from '../project/fingerprint.ts';
import { PmuTables } from './pmu-tables.ts';

/** A generated JSON part: a model plus the source it was generated from. */
type JsonPart = Model & { readonly source?: string };

function readParts(dir: string): JsonPart[] {
  return (
    readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as JsonPart)
      // The schema sits beside the parts; only parts name their source.
      .filter((part) => typeof part.source === 'string')
      .sort((a, b) => ((a.source ?? '') < (b.source ?? '') ? -1 : 1))
  );
}

let shipped: PmuTables | undefined;

/** The shipped tables (loaded once per process; a PmuTables is read-only). */
export function loadShippedTables(): PmuTables {
  if (!shipped) {
    const root = packageRoot();
    const model = mergeModels(readParts(join(root, 'tables', 'generated', 'json')));
    shipped = new PmuTables(model, (path) => {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    });
  }
  return shipped;
}
