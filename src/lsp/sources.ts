/**
 * The files the server compiles for a document: what `pmumap check FILE`
 * reads from the workspace folder (the file and the tables it imports,
 * inside its tables root), with the text of every document open in the
 * editor instead of what is on disk. A document outside the folder, or
 * not saved yet, is compiled on its own.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { SourceFile } from '../diagnostics/source-file.ts';
import { readSources } from '../project/sources.ts';

/** `path` relative to `root`, `/`-separated, or undefined when it is not inside. */
export function pathIn(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.replace(/\\/g, '/');
}

export function sourcesFor(
  root: string,
  absolute: string,
  open: ReadonlyMap<string, string>,
): SourceFile[] {
  const path = pathIn(root, absolute);
  const text = open.get(absolute) ?? '';
  if (path === undefined || !existsSync(absolute)) return [{ path: absolute, text }];
  let files: SourceFile[];
  try {
    files = readSources(root, [path]);
  } catch {
    return [{ path, text }]; // unreadable or a link out of the root: check's usage error
  }
  return files.map((file) => {
    const edited = open.get(resolve(root, file.path));
    return edited === undefined ? file : { ...file, text: edited };
  });
}
