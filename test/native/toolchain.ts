/**
 * The native compilers the emitted C and Rust are checked with, found on
 * PATH (rustc also in ~/.cargo/bin, where rustup puts it). A missing one
 * fails the test with the Debian package that provides it.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Toolchain {
  readonly cc: string;
  readonly cxx: string;
  readonly rustc: string;
}

function onPath(names: readonly string[], extra: readonly string[] = []): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...extra];
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function need(what: string, names: readonly string[], pkg: string, extra: string[] = []): string {
  const path = onPath(names, extra);
  if (!path) {
    throw new Error(
      `${what} not found (looked for ${names.join(', ')} on PATH${extra.length ? ` and in ${extra.join(', ')}` : ''}): ` +
        `install the Debian package '${pkg}' (apt-get install ${pkg})`,
    );
  }
  return path;
}

/** The compilers, or an Error naming the package to install. */
export function findToolchain(): Toolchain {
  return {
    cc: need('a C compiler', ['cc', 'gcc'], 'gcc'),
    cxx: need('a C++ compiler', ['c++', 'g++'], 'g++'),
    rustc: need('rustc', ['rustc'], 'rustc', [join(homedir(), '.cargo', 'bin')]),
  };
}

export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a program; reject with its output when it fails. */
export function run(
  file: string,
  args: readonly string[],
  cwd: string,
  input?: string,
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${file} ${args.join(' ')} failed:\n${stderr}${stdout}`.slice(0, 8000)));
        else resolve({ stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
