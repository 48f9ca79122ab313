/**
 * TypeScript tables: the model part of each source as an `as const` literal
 * checked against the Model type, and an index that merges every part into
 * the one Model the runtime loads.
 */
import type { Model } from '../model/model.ts';
import type { GeneratedFile } from './generated-file.ts';
import { commentText, generatedMarker, stemOf } from './generated-file.ts';

const identOf = (stem: string): string =>
  stem.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase());

export function emitTs(part: Model, source: string): GeneratedFile {
  const lines = [
    `// ${generatedMarker([source])}`,
    "import type { Model } from '../../src/model/model.ts';",
    '',
    `/** The tables declared in ${commentText(source)}. */`,
    `export const ${identOf(stemOf(source))} = ${JSON.stringify(part, null, 2)} as const satisfies Model;`,
    '',
  ];
  return { path: `${stemOf(source)}.ts`, contents: lines.join('\n') };
}

export function emitTsIndex(sources: readonly string[]): GeneratedFile {
  const stems = sources.map(stemOf);
  const lines = [
    `// ${generatedMarker(sources)}`,
    "import type { Model } from '../../src/model/model.ts';",
    "import { mergeModels } from '../../src/runtime/merge.ts';",
    ...stems.map((s) => `import { ${identOf(s)} } from './${s}.ts';`),
    '',
    '/** Every table pmumap ships, merged in source-path order. */',
    `export const model: Model = mergeModels([${stems.map(identOf).join(', ')}]);`,
    '',
  ];
  return { path: 'index.ts', contents: lines.join('\n') };
}
