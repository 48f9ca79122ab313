/**
 * One line of `pmumap query` as the argv of a single command. A line is a
 * JSON object in one of three forms:
 *   {"argv": ["map", "arm64", "--event", "0x11"]}
 *   {"cmd": "cpuid 0xa", "eax": "0x07300403", ..., "hypervisor": true}
 *     (each other key is an option as the command takes it: true is a
 *     bare flag, false is `--flag false`, an array repeats it)
 *   {"interface": "kvm_evtype_write", "inputs": {"counter": 3, ...}, "consumer": "kvm"}
 *     (the same as `pmumap run INTERFACE --set NAME=VALUE... --consumer NAME`)
 * A line that is none of these is a QuestionError naming what is wrong.
 */

export class QuestionError extends Error {
  override readonly name = 'QuestionError';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scalar option value as the command line spells it. */
function word(v: Json, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'boolean') return String(v);
  throw new QuestionError(
    `${what}: expected a string, a non-negative integer or a boolean, found ${JSON.stringify(v)}`,
  );
}

function options(entries: [string, Json][], what: (key: string) => string): string[] {
  const argv: string[] = [];
  for (const [key, value] of entries) {
    for (const v of Array.isArray(value) ? value : [value]) {
      // `"hypervisor": false` is `--hypervisor false`: a bool input whose default is true
      // (`"mediated": false`) must not be answered as if it were left out.
      if (v === true) argv.push(`--${key}`);
      else argv.push(`--${key}`, word(v, what(key)));
    }
  }
  return argv;
}

/** The argv a question line stands for. */
export function questionArgv(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new QuestionError(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(parsed))
    throw new QuestionError('expected a JSON object with "argv", "cmd" or "interface"');
  const entries = Object.entries(parsed);
  if (Object.hasOwn(parsed, 'argv')) {
    const argv = parsed['argv'];
    if (entries.length !== 1 || !Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))
      throw new QuestionError('"argv" must be an array of strings, alone on its line');
    return argv as string[];
  }
  if (Object.hasOwn(parsed, 'cmd')) {
    const cmd = parsed['cmd'];
    if (typeof cmd !== 'string' || cmd.trim() === '')
      throw new QuestionError('"cmd" must be a command line such as "cpuid 0xa"');
    const rest = entries.filter(([k]) => k !== 'cmd');
    return [...cmd.trim().split(/\s+/), ...options(rest, (k) => `"${k}"`)];
  }
  if (Object.hasOwn(parsed, 'interface')) {
    const iface = parsed['interface'];
    const inputs = parsed['inputs'] ?? {};
    const unknown = entries.find(([k]) => !['interface', 'inputs', 'consumer'].includes(k));
    if (unknown)
      throw new QuestionError(
        `unknown key "${unknown[0]}" beside "interface" (expected "inputs", "consumer")`,
      );
    if (typeof iface !== 'string') throw new QuestionError('"interface" must be a string');
    if (!isObject(inputs)) throw new QuestionError('"inputs" must be an object');
    const sets = Object.entries(inputs).flatMap(([k, v]) => [
      '--set',
      `${k}=${word(v, `input "${k}"`)}`,
    ]);
    const consumer = parsed['consumer'];
    return [
      'run',
      iface,
      ...sets,
      ...(consumer === undefined ? [] : options([['consumer', consumer]], () => '"consumer"')),
    ];
  }
  throw new QuestionError('expected a JSON object with "argv", "cmd" or "interface"');
}
