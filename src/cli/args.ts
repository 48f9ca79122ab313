/**
 * Command-line arguments through node:util `parseArgs` (its tokens), checked
 * against a command's option spec: positionals, `--flag`, `--name value`,
 * `--name=value`, `--` ending the options. A flag is a true/false option,
 * written the same in every command: `--flag` is true, and `--flag true`,
 * `--flag false`, `--flag=true` or `--flag=false` say which (a word `true`
 * or `false` right after a flag is its value, never a positional). A bad argument is a UsageError:
 * one line naming it (and the closest known option), exit status 2.
 * Option names are looked up as the spec's own names only, never through
 * a prototype (`--constructor`, `--__proto__` are unknown like any other).
 */
import { parseArgs as parseTokens } from 'node:util';
import { didYouMean } from '../io/did-you-mean.ts';
import { UsageError } from '../io/usage-error.ts';

// The command line's mistakes are UsageErrors; re-exported for the commands that parse options.
export { UsageError };

export type OptionKind = 'flag' | 'value';
export type OptionSpec = Readonly<Record<string, OptionKind>>;

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string[]>;
  /** The flags that are true. */
  readonly flags: Set<string>;
  /** Every flag given, with its value (the last one given wins, as node:util's parser does). */
  readonly bools: Map<string, boolean>;
}

/** `true` or `false` after a flag: its value. */
const boolWord = (word: string | undefined): boolean | undefined =>
  word === 'true' ? true : word === 'false' ? false : undefined;

/** A flag's value as a user would type it (`true`/`false`), for parsing a bool input; undefined when not given. */
export function flagText(args: ParsedArgs, name: string): string | undefined {
  const value = args.bools.get(name);
  return value === undefined ? undefined : String(value);
}

function setFlag(flags: Set<string>, bools: Map<string, boolean>, name: string, value: boolean) {
  bools.set(name, value);
  if (value) flags.add(name);
  else flags.delete(name);
}

/** The spec's own entries as a Map, so no inherited name can ever match. */
export function specMap(
  spec: OptionSpec | ReadonlyMap<string, OptionKind>,
): Map<string, OptionKind> {
  return spec instanceof Map ? new Map(spec) : new Map(Object.entries(spec));
}

/** True when argv asks for help (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * A flag's value read from argv before the command's option spec is known
 * (arch commands learn theirs from the tables they are about to load):
 * `--name`, `--name true|false` or `--name=true|false` before any `--`;
 * the last one given wins. False when absent.
 */
export function flagInArgv(argv: readonly string[], name: string): boolean {
  let value = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === `--${name}`) value = boolWord(argv[i + 1]) ?? true;
    else if (arg.startsWith(`--${name}=`)) value = boolWord(arg.slice(name.length + 3)) ?? value;
  }
  return value;
}

type TokenOptions = Record<string, { type: 'boolean' | 'string' }>;
const preparedSpecs = new WeakMap<
  object,
  { known: Map<string, OptionKind>; tokenOptions: TokenOptions }
>();

/** A spec as a Map and as node:util's options, once per spec object (`pmumap query` parses often). */
function prepared(spec: OptionSpec | ReadonlyMap<string, OptionKind>) {
  let p = preparedSpecs.get(spec);
  if (!p) {
    const known = specMap(spec);
    const tokenOptions: TokenOptions = Object.fromEntries(
      [...known].map(([name, kind]) => [name, { type: kind === 'flag' ? 'boolean' : 'string' }]),
    );
    p = { known, tokenOptions };
    preparedSpecs.set(spec, p);
  }
  return p;
}

/**
 * The common argv, parsed without node:util (`pmumap query` parses one per
 * line): only positionals that do not start with `-` and known options
 * spelled `--name` (a value option followed by its value). Anything else
 * (`=`, `-h`, `--`, an unknown or dangling option) is undefined, for
 * parseArgs to tokenize; the result is the one parseArgs gives.
 */
function simpleArgs(
  argv: readonly string[],
  known: ReadonlyMap<string, OptionKind>,
): ParsedArgs | undefined {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const bools = new Map<string, boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--') || arg.length <= 2 || arg.includes('=')) return undefined;
    const name = arg.slice(2);
    const kind = known.get(name);
    if (kind === undefined) return undefined;
    if (kind === 'flag') {
      const value = boolWord(argv[i + 1]);
      if (value !== undefined) i++;
      setFlag(flags, bools, name, value ?? true);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) return undefined;
    i++;
    // `--out --json` is a forgotten value, not an output named "--json" (write `--out=--json`).
    if (value.startsWith('--')) throw new UsageError(`option '--${name}' needs a value`);
    const before = options.get(name);
    if (before) before.push(value);
    else options.set(name, [value]);
  }
  return { positionals, options, flags, bools };
}

/** `spec` maps each option to whether it takes a value; anything else is a usage error. */
export function parseArgs(
  argv: readonly string[],
  spec: OptionSpec | ReadonlyMap<string, OptionKind>,
): ParsedArgs {
  return simpleArgs(argv, prepared(spec).known) ?? tokenizedArgs(argv, spec);
}

/** parseArgs through node:util's tokens: every spelling it accepts. */
export function tokenizedArgs(
  argv: readonly string[],
  spec: OptionSpec | ReadonlyMap<string, OptionKind>,
): ParsedArgs {
  const { known, tokenOptions } = prepared(spec);
  const { tokens } = parseTokens({
    args: [...argv],
    options: tokenOptions,
    // Unknown names come back as tokens and are reported below with a suggestion.
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  const bools = new Map<string, boolean>();
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const kind = known.get(token.name);
    if (kind === undefined) {
      const names = [...known.keys()].map((k) => `--${k}`);
      throw new UsageError(
        `unknown option '${token.rawName}'${didYouMean(token.rawName, names)} (expected ${names.join(', ') || 'no options'})`,
      );
    }
    if (kind === 'flag') {
      if (token.value !== undefined) {
        // `--flag=true`, `--flag=false`.
        const value = boolWord(token.value);
        if (value === undefined)
          throw new UsageError(
            `option '--${token.name}' is true or false, found '${token.value}' (a bare --${token.name} is true)`,
          );
        setFlag(flags, bools, token.name, value);
        continue;
      }
      // `--flag true`, `--flag false`: the next word, if it is one of them.
      const next = tokens[t + 1];
      const value = next?.kind === 'positional' ? boolWord(next.value) : undefined;
      if (value !== undefined) t++;
      setFlag(flags, bools, token.name, value ?? true);
      continue;
    }
    const value = token.value;
    // `--out --json` is a forgotten value, not an output named "--json" (write `--out=--json`).
    if (value === undefined || (!token.inlineValue && value.startsWith('--')))
      throw new UsageError(`option '--${token.name}' needs a value`);
    options.set(token.name, [...(options.get(token.name) ?? []), value]);
  }
  return { positionals, options, flags, bools };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  if (values && values.length > 1)
    throw new UsageError(`option '--${name}' is given more than once`);
  return values?.[0];
}

/** `a, b or c`. */
const alternatives = (names: readonly string[]): string =>
  names.length <= 1
    ? (names[0] ?? 'nothing')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;

/** An option's value that must be one of `allowed`: a typo names the closest. */
export function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  const hit = allowed.find((a) => a === value);
  if (hit !== undefined) return hit;
  throw new UsageError(
    `${what} '${value}': expected ${alternatives(allowed)}${didYouMean(value, allowed)}`,
  );
}
