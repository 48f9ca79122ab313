/**
 * A small argv parser: positionals, `--flag`, `--name value`, `--name=value`.
 * A bad argument is a UsageError: one line naming it, exit status 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string[]>;
  readonly flags: Set<string>;
}

/** `spec` maps each option to whether it takes a value; anything else is a usage error. */
export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, 'flag' | 'value'>>,
): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const kind = spec[name];
    if (!kind) {
      const known = Object.keys(spec)
        .map((k) => `--${k}`)
        .join(', ');
      throw new UsageError(`unknown option '--${name}' (expected ${known || 'no options'})`);
    }
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option '--${name}' takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      throw new UsageError(`option '--${name}' needs a value`);
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positionals, options, flags };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  if (values && values.length > 1)
    throw new UsageError(`option '--${name}' is given more than once`);
  return values?.[0];
}
