/**
 * What reading and compiling a tables project may touch: the working
 * directory, the environment (the cache folder, parse threads) and stderr
 * for a one-line note. The CLI's io (src/cli/io.ts) is one; tests pass
 * their own.
 */
export interface ProjectIo {
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}
