/**
 * The paths emitters give their files: relative POSIX paths that stay inside
 * the output directory. Anything else is a bug in an emitter, not a user
 * mistake, so it is an internal error, never a path gen writes to.
 */

/** Throws when `path` is not a plain relative POSIX path (no absolute, `.`, `..`, empty segment or backslash). */
export function checkGeneratedPath(path: string): void {
  const segments = path.split('/');
  const bad =
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new Error(`internal: generated file path '${path}' is not a relative POSIX path`);
}

/** The directories a relative path sits in, outermost first: `rust/src/a.rs` -> `rust`, `rust/src`. */
export function parentsOf(path: string): string[] {
  const segments = path.split('/').slice(0, -1);
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}
