/**
 * The --expect file of `pmumap verify`, checked field by field: a mistake
 * in it is one line naming the field and what was expected, never a crash.
 */
import { readBoundedText } from '../io/bounded-read.ts';
import { INPUT_LIMITS } from '../io/input-limits.ts';
import { UsageError } from './args.ts';

/** One expectation block of the --expect file. */
export interface Expectation {
  readonly dump: string;
  readonly leaf?: string;
  readonly cpus?: readonly string[];
  readonly cite?: string;
  readonly fixedCounters?: Readonly<Record<string, readonly number[]>>;
  readonly guestFixedAtLeast?: Readonly<Record<string, number>>;
  readonly agree?: readonly string[];
  readonly warnings?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function fail(file: string, where: string, expected: string): never {
  throw new UsageError(`--expect '${file}': ${where}: expected ${expected}`);
}

/** Validate a parsed --expect document; `file` names it in errors. */
export function parseExpectations(doc: unknown, file: string): Expectation[] {
  if (!isObject(doc) || !Array.isArray(doc['cases']))
    fail(file, 'top level', 'an object with a "cases" array');
  return (doc['cases'] as unknown[]).map((c, i) => {
    const at = `cases[${i}]`;
    if (!isObject(c)) fail(file, at, 'an object');
    if (typeof c['dump'] !== 'string') fail(file, `${at}.dump`, 'a file name (string)');
    if (
      c['leaf'] !== undefined &&
      (typeof c['leaf'] !== 'string' || !/^(0x[0-9a-f]+|\d+)$/i.test(c['leaf']))
    ) {
      fail(file, `${at}.leaf`, 'a leaf number as a string, like "0xa"');
    }
    if (c['cpus'] !== undefined && !isStrings(c['cpus']))
      fail(file, `${at}.cpus`, 'an array of CPU labels');
    if (c['agree'] !== undefined && !isStrings(c['agree']))
      fail(file, `${at}.agree`, 'an array of consumer names');
    if (c['warnings'] !== undefined && !isCount(c['warnings']))
      fail(file, `${at}.warnings`, 'a count');
    const fixed = c['fixedCounters'];
    if (fixed !== undefined) {
      if (!isObject(fixed))
        fail(file, `${at}.fixedCounters`, 'an object of consumer -> counter indices');
      for (const [k, v] of Object.entries(fixed)) {
        if (!Array.isArray(v) || !v.every(isCount))
          fail(file, `${at}.fixedCounters.${k}`, 'an array of counter indices');
      }
    }
    const atLeast = c['guestFixedAtLeast'];
    if (atLeast !== undefined) {
      if (!isObject(atLeast))
        fail(file, `${at}.guestFixedAtLeast`, 'an object of consumer -> count');
      for (const [k, v] of Object.entries(atLeast)) {
        if (!isCount(v)) fail(file, `${at}.guestFixedAtLeast.${k}`, 'a count');
      }
    }
    return c as unknown as Expectation;
  });
}

/**
 * Read and check the --expect file at `path` (`given` names it): a regular
 * file of at most INPUT_LIMITS.expect, read without blocking. A JSON error
 * gives its position, never the text around it: the file may be anything
 * the command line named, and pmumap does not print what it holds.
 */
export function readExpectations(path: string, given: string): Expectation[] {
  const label = `cannot read --expect '${given}'`;
  const text = readBoundedText(path, { maxBytes: INPUT_LIMITS.expect, label });
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
    throw new UsageError(
      `${label}: not valid JSON${at !== undefined ? ` (at character ${at})` : ''}`,
    );
  }
  return parseExpectations(doc, given);
}
