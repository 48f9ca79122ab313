/**
 * Where the compile cache lives, and whether it may be used at all.
 *
 * The cache answers for the tables, so it must be a folder only the user can
 * write: `$PMUMAP_CACHE_DIR` if set, else the project's
 * node_modules/.cache/pmumap (the working directory has node_modules), else
 * the per-user cache (`$XDG_CACHE_HOME/pmumap`, `~/.cache/pmumap`). Never a
 * shared folder such as $TMPDIR, where anyone could plant entries first.
 * Folders are created 0700. A folder that another user owns, or that group
 * or others may write, is not used: the entries' digests (cache-entry.ts)
 * catch corruption, but whoever can write the folder can also write a
 * matching digest, so only the folder's owner and mode keep a forged entry
 * out.
 */
import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ProjectIo } from './project-io.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The cache folder for a run in `cwd`; undefined when there is no home to put it in. */
export function cacheDir(cwd: string, env: Env): string | undefined {
  const forced = env['PMUMAP_CACHE_DIR'];
  if (forced) return resolve(cwd, forced);
  const project = join(cwd, 'node_modules');
  if (isDirectory(project)) return join(project, '.cache', 'pmumap');
  // The XDG base directory spec: a relative XDG_CACHE_HOME is invalid and ignored.
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'pmumap');
  const home = env['HOME'] || safeHomedir();
  return home && isAbsolute(home) ? join(home, '.cache', 'pmumap') : undefined;
}

/**
 * Create `dir` and its `ast/` folder (0700) if missing and say why they may
 * not be used, or undefined when both are folders of this user that nobody
 * else can write.
 */
export function cacheDirProblem(dir: string): string | undefined {
  const folders: [string, string][] = [
    [dir, 'it'],
    [join(dir, 'ast'), 'its ast folder'],
  ];
  for (const [path, subject] of folders) {
    try {
      mkdirSync(path, { recursive: true, mode: 0o700 });
    } catch (e) {
      return `${subject} cannot be created (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    const problem = folderProblem(path, subject);
    if (problem) return problem;
  }
  return undefined;
}

function folderProblem(path: string, subject: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    return `${subject} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (!st.isDirectory()) return `${subject} is not a directory`;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    return `${subject} is owned by user ${st.uid}, not by you (uid ${uid})`;
  }
  // POSIX modes only: on Windows every folder reads as 0o666/0o777 and ACLs decide.
  if (process.platform !== 'win32' && (st.mode & 0o022) !== 0) {
    return `${subject} is writable by group or others (chmod 700 it, or delete it)`;
  }
  return undefined;
}

/** The folders already reported in this process: one note each, not one per command. */
const noted = new Set<string>();

/**
 * The cache folder a command may use, or undefined (no cache: the command
 * still works, a little slower) after one note on stderr saying why.
 */
export function usableCacheDir(io: ProjectIo): string | undefined {
  const dir = cacheDir(io.cwd, io.env);
  if (dir === undefined) return undefined;
  const problem = cacheDirProblem(dir);
  if (problem === undefined) return dir;
  if (!noted.has(dir)) {
    noted.add(dir);
    io.stderr(`pmumap: note: not using the cache ${dir}: ${problem}\n`);
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeHomedir(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
