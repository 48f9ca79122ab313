/**
 * PM2318 for generated file names: two sources that would generate one
 * file (`tables/a-b.pmumap` and `tables/a/b.pmumap` are both `a-b`), or a
 * source named like a file every generation adds (`pmumap.pmumap` and
 * c/pmumap.h). `pmumap gen` refuses these (src/emit/index.ts); the paths
 * here come from the same emitters, run on an empty model, so the two
 * cannot disagree about a name.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { emitAll } from '../emit/index.ts';
import { emitC } from '../emit/emit-c.ts';
import { emitJson } from '../emit/emit-json.ts';
import { emitRust } from '../emit/emit-rust.ts';
import { emitTs } from '../emit/emit-ts.ts';
import { EmitError } from '../emit/native-model.ts';
import type { Model } from '../model/model.ts';

/** `model` with every list emptied: what the emitters need to name a source's files. */
function emptied(model: Model): Model {
  return Object.fromEntries(
    Object.entries(model).map(([k, v]) => [k, Array.isArray(v) ? [] : v]),
  ) as unknown as Model;
}

export function reportOutputPaths(
  model: Model,
  sources: readonly string[],
  bag: DiagnosticBag,
): void {
  const empty = emptied(model);
  const at = (source: string) => ({ file: source, start: 0, end: 0 });
  const support = new Set(emitAll(empty, []).map((f) => f.path));
  const owner = new Map<string, string>();
  for (const source of [...new Set(sources)].sort()) {
    let paths: string[];
    try {
      paths = [
        emitTs(empty, source),
        emitJson(empty, source),
        emitC(empty, source, empty),
        emitRust(empty, source, empty),
      ].map((f) => f.path);
    } catch (e) {
      if (!(e instanceof EmitError)) throw e;
      bag.report('NativeLimit', at(source), [`${source}: ${e.message}`]);
      continue;
    }
    // One diagnostic per source: its first file in the way says what to rename.
    for (const path of paths) {
      const other = owner.get(path);
      if (support.has(path)) {
        bag.report('NativeLimit', at(source), [
          `${source} would generate ${path}, a file pmumap gen writes for every set of tables; rename the source`,
        ]);
        break;
      }
      if (other !== undefined) {
        bag.report('NativeLimit', at(source), [
          `${source} and ${other} would both generate ${path}; rename one of them`,
        ]);
        break;
      }
    }
    for (const path of paths) if (!owner.has(path)) owner.set(path, source);
  }
}
