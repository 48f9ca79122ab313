/** JSON tables: one file per source, validated by pmumap.schema.json. */
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
  return { path: `${stemOf(source)}.json`, contents: JSON.stringify(doc, null, 2) + '\n' };
}
