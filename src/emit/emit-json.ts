/** JSON tables: `json/<stem>.json` per source, validated by json/pmumap.schema.json beside them. */
import type { Model } from '../model/model.ts';
import type { GeneratedFile } from './generated-file.ts';
import { generatedMarker, stemOf } from './generated-file.ts';

export function emitJson(part: Model, source: string): GeneratedFile {
  const doc = {
    $comment: generatedMarker([source]),
    $schema: './pmumap.schema.json',
    source,
    ...part,
  };
  return { path: `json/${stemOf(source)}.json`, contents: JSON.stringify(doc, null, 2) + '\n' };
}
