/**
 * Shared by the gen output tests: a tiny tables set (two sources, every
 * target, compiled in milliseconds), one cache folder per test file so it
 * compiles once, and a snapshot of a directory tree that tells file kinds
 * and bytes apart (what "nothing was changed" is checked against).
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Run } from './run-cli.ts';
import { cli } from './run-cli.ts';

export const TINY_TABLES: Readonly<Record<string, string>> = {
  'one.pmumap': 'register R : 8 "a register" {\n  7:0 V "the value"\n}\n',
  'two.pmumap': 'enum E : 4 "an enum" { A = 1 "a" }\n',
};

/** A fresh work directory holding tables/ with the tiny tables. */
export function tinyWork(prefix = 'pmumap-gen-'): string {
  const work = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(work, 'tables'));
  for (const [name, text] of Object.entries(TINY_TABLES))
    writeFileSync(join(work, 'tables', name), text);
  return work;
}

/** `pmumap gen tables ARGS...` run in-process from `work`, sharing `cache`. */
export function gen(work: string, cache: string, ...args: string[]): Promise<Run> {
  return cli(['gen', 'tables', ...args], work, cache);
}

/** Every entry under `dir`, relative: file bytes, `<dir>`, `<link> target` or `<other>`. */
export function tree(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const full = join(dir, path);
      const st = lstatSync(full);
      if (st.isDirectory()) {
        found.set(path, '<dir>');
        visit(path);
      } else if (st.isSymbolicLink()) found.set(path, `<link> ${readlinkSync(full)}`);
      else if (st.isFile()) found.set(path, readFileSync(full, 'latin1'));
      else found.set(path, '<other>');
    }
  };
  visit('');
  return found;
}

/** The generated paths gen listed in its manifest. */
export function manifestPaths(out: string): string[] {
  const m = JSON.parse(readFileSync(join(out, 'pmumap-manifest.json'), 'utf8')) as {
    files: { path: string }[];
  };
  return m.files.map((f) => f.path);
}

/** The files a run wrote into a fresh `out`, sorted (the manifest aside). */
export function writtenPaths(out: string): string[] {
  return [...tree(out)]
    .filter(([p, what]) => what !== '<dir>' && p !== 'pmumap-manifest.json')
    .map(([p]) => p)
    .sort();
}
