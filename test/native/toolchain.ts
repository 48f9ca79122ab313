/**
 * The native compilers the emitted C and Rust are checked with, found on
 * PATH (rustc and cargo also in ~/.cargo/bin, where rustup puts them), and
 * the flags the generated code must be clean under. A missing one fails the
 * test with the package that provides it.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Toolchain {
  readonly cc: string;
  readonly cxx: string;
  readonly rustc: string;
  readonly cargo: string;
}

/** The warnings the generated headers compile clean under, as C11 and as C++17. */
const STRICT = ['-Wall', '-Wextra', '-Wpedantic', '-Wconversion', '-Wsign-conversion', '-Wshadow'];
export const STRICT_C = ['-std=c11', ...STRICT, '-Werror'];
export const STRICT_CXX = ['-std=c++17', ...STRICT, '-Werror'];

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
    cargo: need('cargo (with clippy)', ['cargo'], 'cargo', [join(homedir(), '.cargo', 'bin')]),
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
  env?: NodeJS.ProcessEnv,
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { cwd, env: env ?? process.env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error)
          reject(new Error(`${file} ${args.join(' ')} failed:\n${stderr}${stdout}`.slice(0, 8000)));
        else resolve({ stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * `cargo ARGS` in `crate`, offline, with every warning an error (rustc and
 * rustdoc) and its build in `target` (a temporary directory: never beside
 * the generated crate).
 */
export function cargo(
  tc: Toolchain,
  args: readonly string[],
  crate: string,
  target: string,
): Promise<Ran> {
  const env = {
    ...process.env,
    CARGO_TARGET_DIR: target,
    RUSTC: tc.rustc,
    CARGO_TERM_COLOR: 'never',
    RUSTFLAGS: '-D warnings',
    RUSTDOCFLAGS: '-D warnings',
  };
  return run(tc.cargo, [args[0] ?? 'build', '--offline', ...args.slice(1)], crate, undefined, env);
}
