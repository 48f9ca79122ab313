/**
 * `gen --check`: how the output directory differs from what gen would write,
 * without writing anything. Besides each generated file (missing, differs),
 * it checks the manifest, files gen wrote that are no longer generated, and
 * the leftovers of a killed run.
 */
import { join } from 'node:path';
import type { Target, TargetFile } from '../../emit/index.ts';
import { TARGETS } from '../../emit/index.ts';
import { findLeftovers } from './leftovers.ts';
import { MANIFEST_NAME, manifestText, mergedEntries, readManifest } from './manifest.ts';
import { carriesMarker } from './marker.ts';
import { checkFileSet } from './plan.ts';
import { lstatOrUndefined, readRegularFile } from './safe-read.ts';
import { walkFiles } from './walk.ts';

export interface Drift {
  readonly path: string;
  readonly problem: string;
}

/** `out` undefined: the directory does not exist. */
export function findDrift(
  out: string | undefined,
  files: readonly TargetFile[],
  targets: readonly Target[],
): Drift[] {
  checkFileSet(files);
  if (out === undefined) {
    const every = TARGETS.every((t) => targets.includes(t));
    return [...files.map((f) => f.path), ...(every ? [MANIFEST_NAME] : [])].map((path) => ({
      path,
      problem: 'missing',
    }));
  }
  const drift: Drift[] = [];
  const fileDrift = (path: string, contents: string) => {
    const full = join(out, path);
    const st = lstatOrUndefined(full);
    if (!st) return drift.push({ path, problem: 'missing' });
    const bytes = st.isFile() ? readRegularFile(full) : undefined;
    if (!bytes) return drift.push({ path, problem: 'not a regular file' });
    if (!bytes.equals(Buffer.from(contents))) drift.push({ path, problem: 'differs' });
    return undefined;
  };
  for (const f of files) fileDrift(f.path, f.contents);

  const state = readManifest(out);
  const manifest = state.kind === 'valid' ? state.manifest : new Map();
  if (state.kind === 'invalid') drift.push({ path: MANIFEST_NAME, problem: state.why });
  // Without a manifest, a run of some targets writes none (output/plan.ts): nothing to check.
  else if (state.kind === 'valid' || TARGETS.every((t) => targets.includes(t)))
    fileDrift(MANIFEST_NAME, manifestText(mergedEntries(manifest, files, targets)));

  const generated = new Set(files.map((f) => f.path));
  const stale =
    state.kind === 'valid'
      ? [...state.manifest.values()]
          .filter((e) => targets.includes(e.target) && !generated.has(e.path))
          .map((e) => e.path)
          .filter((p) => lstatOrUndefined(join(out, p)))
      : state.kind === 'none' && TARGETS.every((t) => targets.includes(t))
        ? walkFiles(out).filter((p) => {
            const bytes = generated.has(p) ? undefined : readRegularFile(join(out, p));
            return bytes !== undefined && carriesMarker(bytes);
          })
        : [];
  for (const path of stale) drift.push({ path, problem: 'no longer generated' });
  for (const name of findLeftovers(out))
    drift.push({ path: name, problem: 'leftover of an interrupted gen' });
  return drift;
}
