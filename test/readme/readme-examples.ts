/**
 * README's examples: each `$ pmumap ...` line inside a fenced block, with
 * the lines under it (up to the next `$ ` line or the fence) as its
 * output. test/readme/readme-examples.test.ts runs them and compares;
 * scripts/readme-examples.ts lists what differs and, with --write, puts
 * the real output of each exact example back into README.
 *
 * An example is exact unless its output contains `...` (or `…`): then it
 * is a pattern, where `...` stands for any text and runs of whitespace
 * match any whitespace (README folds long JSON that way). A pattern is
 * checked but never rewritten.
 *
 * Not run, because they need a shell or write files: a command with a
 * pipe, redirect, variable or line continuation (README shows shell
 * there), and any example in a block whose opening fence follows
 * `<!-- examples: not run (WHY) -->` (a blank line between them, as prettier
 * writes it, is allowed).
 */
import { runCli } from '../../src/cli/main.ts';

export interface ReadmeExample {
  /** 1-based line of the `$ pmumap` line. */
  readonly line: number;
  readonly command: string;
  readonly argv: readonly string[];
  /** The output lines as README shows them (0-based line span in README). */
  readonly output: readonly string[];
  readonly outputStart: number;
  readonly outputEnd: number;
  readonly pattern: boolean;
}

export const NOT_RUN = /^<!-- examples: not run \(.+\) -->$/;

/** Shell words of a simple command, or null where it needs a shell (pipe, redirect, $, `). */
export function shellWords(command: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  let quote: string | null = null;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      quoted = true;
    } else if (/[|<>;&$`()\\]/.test(ch)) {
      return null;
    } else if (/\s/.test(ch)) {
      if (word || quoted) words.push(word);
      word = '';
      quoted = false;
    } else word += ch;
  }
  if (quote) return null;
  if (word || quoted) words.push(word);
  return words;
}

const ELLIPSIS = /\.\.\.|…/;

/** The last non-blank line before line i (prettier puts a blank line between a comment and a fence). */
function previousText(lines: readonly string[], i: number): string {
  for (let j = i - 1; j >= 0; j--) if (lines[j]!.trim() !== '') return lines[j]!.trim();
  return '';
}

export function readmeExamples(readme: string): ReadmeExample[] {
  const lines = readme.split('\n');
  const examples: ReadmeExample[] = [];
  let inBlock = false;
  let skipBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      skipBlock = !inBlock && NOT_RUN.test(previousText(lines, i));
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock || skipBlock || !line.startsWith('$ pmumap ')) continue;
    // A trailing `# comment` says what the example shows; the shell drops it.
    const command = line.slice(2).replace(/\s+#.*$/, '');
    const words = shellWords(command);
    if (!words) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith('```') && !lines[end]!.startsWith('$ '))
      end++;
    const output = lines.slice(i + 1, end);
    examples.push({
      line: i + 1,
      command,
      argv: words.slice(1),
      output,
      outputStart: i + 1,
      outputEnd: end,
      pattern: output.some((l) => ELLIPSIS.test(l)),
    });
  }
  return examples;
}

/** Output lines as compared: trailing spaces and trailing empty lines dropped. */
export function outputLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern example's regular expression: `...` any text, whitespace any whitespace. */
export function outputPattern(output: readonly string[]): RegExp {
  const literal = (part: string): string =>
    part.trim().split(/\s+/).filter(Boolean).map(escapeRegExp).join('\\s*');
  const parts = output.join('\n').split(ELLIPSIS).map(literal);
  return new RegExp(`^\\s*${parts.join('[\\s\\S]*?')}\\s*$`);
}

/** An example README shows without output (a command beside another's) is not compared. */
export function matches(example: ReadmeExample, actual: string): boolean {
  if (example.output.every((l) => l.trim() === '')) return true;
  if (example.pattern) return outputPattern(example.output).test(actual);
  return outputLines(actual).join('\n') === outputLines(example.output.join('\n')).join('\n');
}

/** What the terminal shows: stdout then stderr (README's examples write one or the other). */
export async function runExample(
  example: ReadmeExample,
  cwd: string,
  env: Readonly<Record<string, string>>,
): Promise<string> {
  let out = '';
  let err = '';
  await runCli([...example.argv], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd,
    env,
  });
  return out + err;
}

/**
 * Whether running the example would write files (gen, import, --out,
 * --junit): such an example must sit in a block marked not run.
 */
export function writesFiles(example: ReadmeExample): boolean {
  const [command] = example.argv;
  return (
    (command === 'gen' && !example.argv.includes('--check')) ||
    command === 'import' ||
    example.argv.includes('--out') ||
    example.argv.includes('--junit')
  );
}
