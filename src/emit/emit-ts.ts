/**
 * TypeScript tables, laid out as one folder a project can copy or import:
 * per source `ts/<stem>.ts`, the model part as an `as const` literal
 * checked against the Model type; `ts/index.ts`, which merges every part
 * into the one Model the runtime loads; and `ts/model.ts` and
 * `ts/merge.ts`, the types and merge they need (copies of
 * src/model/model.ts and src/runtime/merge.ts, see ./ts-support.ts), so
 * that nothing reaches outside the folder. Imports end in `.js`, which
 * every TypeScript module resolution maps to the `.ts` beside it.
 */
import type { Model } from '../model/model.ts';
import type { GeneratedFile } from './generated-file.ts';
import { commentText, generatedMarker, stemOf } from './generated-file.ts';
import { MERGE_TS, MODEL_TS } from './ts-support.ts';

/** The folder of the TypeScript target. */
export const TS_DIR = 'ts';

const identOf = (stem: string): string =>
  stem.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase());

export function emitTs(part: Model, source: string): GeneratedFile {
  const lines = [
    `// ${generatedMarker([source])}`,
    "import type { Model } from './model.js';",
    '',
    `/** The tables declared in ${commentText(source)}. */`,
    `export const ${identOf(stemOf(source))} = ${JSON.stringify(part, null, 2)} as const satisfies Model;`,
    '',
  ];
  return { path: `${TS_DIR}/${stemOf(source)}.ts`, contents: lines.join('\n') };
}

export function emitTsIndex(sources: readonly string[]): GeneratedFile {
  const stems = sources.map(stemOf);
  const lines = [
    `// ${generatedMarker(sources)}`,
    "import type { Model } from './model.js';",
    "import { mergeModels } from './merge.js';",
    ...stems.map((s) => `import { ${identOf(s)} } from './${s}.js';`),
    '',
    "export type * from './model.js';",
    "export { mergeModels } from './merge.js';",
    ...(stems.length > 0 ? [`export { ${stems.map(identOf).join(', ')} };`] : []),
    '',
    '/** Every table pmumap ships, merged in source-path order. */',
    `export const model: Model = mergeModels([${stems.map(identOf).join(', ')}]);`,
    '',
  ];
  return { path: `${TS_DIR}/index.ts`, contents: lines.join('\n') };
}

/** The types and merge function the tables import, beside them. */
export function emitTsSupport(): GeneratedFile[] {
  return [
    {
      path: `${TS_DIR}/model.ts`,
      contents: `// ${generatedMarker(['src/model/model.ts'])}\n${MODEL_TS}`,
    },
    {
      path: `${TS_DIR}/merge.ts`,
      contents: `// ${generatedMarker(['src/runtime/merge.ts'])}\n${MERGE_TS}`,
    },
  ];
}
