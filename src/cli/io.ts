/** What the CLI may touch: output streams and the working directory. Tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * True when stderr is a terminal a person watches: long work then shows
   * progress there. Absent or false (pipes, CI logs, tests): silent.
   */
  readonly stderrIsTTY?: boolean;
  /** Standard input, for the commands that read it (`pmumap query`); absent: none. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
}
