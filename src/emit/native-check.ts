/** The checks the C and Rust emitters make once per model before writing anything. */
import type { Model } from '../model/model.ts';
import { C_PRELUDE_NAMES } from './c-prelude.ts';
import type { Analysis } from './native-model.ts';
import { analyse, checkInterfaceSize, fileOf } from './native-model.ts';
import { checkNames } from './native-names.ts';

const prepared = new WeakSet<Model>();

/** Every source file that declares something in `model`. */
export function sourcesOf(model: Model): string[] {
  const lists = Object.values(model) as readonly (readonly { origin?: string }[])[];
  const files = lists.flatMap((l) => l.flatMap((x) => (x.origin ? [fileOf(x.origin)] : [])));
  return [...new Set(files)].sort();
}

/** The model's analysis, after checking that every native name is unique. */
export function prepareNative(model: Model): Analysis {
  const a = analyse(model);
  if (!prepared.has(model)) {
    checkInterfaceSize(model);
    checkNames(model, sourcesOf(model), [...C_PRELUDE_NAMES, 'pmumap_reason_code']);
    prepared.add(model);
  }
  return a;
}
