/**
 * What a caller may pass as an interface input, and its conversion to the
 * runtime's values. Every value goes through the one input parser the CLI uses
 * (src/query/input-values.ts), so the library accepts exactly what `pmumap run
 * --set` accepts and checks the same bounds: numbers and bigints as
 * unsigned integers, strings as the CLI spells them (an enum member, a pmu
 * name, `0x..`, `allow:0x11-0x11`), and ranges as objects.
 */
import type { MInterface, Model } from '../model/model.ts';
import { isRangesType } from '../runtime/run.ts';
import type { Value } from '../runtime/values.ts';
import { UsageError } from '../io/usage-error.ts';
import { parseInputValue } from '../query/input-values.ts';
import { PmumapError } from './errors.ts';

/** One range of a `ranges` input: an action (a member name or its code) and the first and last value. */
export interface RangeInput {
  readonly action: string | number | bigint;
  readonly lo: number | bigint;
  /** The last value covered; `lo` when left out. */
  readonly hi?: number | bigint;
}

/**
 * An input value: an unsigned integer (number or bigint), a boolean, a
 * string in the CLI's spelling, or a list of ranges.
 */
export type InputValue = bigint | number | boolean | string | readonly RangeInput[];

/** Inputs by name; inputs left out take the defaults the tables declare. */
export type Inputs = Readonly<Record<string, InputValue>>;

function integerText(v: number | bigint, what: string): string {
  if (typeof v === 'number' && !Number.isSafeInteger(v))
    throw new PmumapError(`${what}: ${v} is not an integer (pass a bigint above 2^53)`);
  // Decimal, so an error quotes the number as the caller wrote it.
  return String(BigInt(v));
}

/** The CLI spelling of a value, which parseInputValue then checks against the input's type. */
function asText(value: InputValue, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' || typeof value === 'bigint') return integerText(value, what);
  return value
    .map((r) => {
      // The CLI's ranges syntax takes an action code in decimal.
      const action = typeof r.action === 'string' ? r.action : String(r.action);
      return `${action}:${integerText(r.lo, what)}-${integerText(r.hi ?? r.lo, what)}`;
    })
    .join(',');
}

/** Convert and check `inputs` for interface `iface`; throws PmumapError naming the input. */
export function runtimeInputs(
  model: Model,
  iface: MInterface,
  inputs: Inputs,
): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const what = `input '${name}' of '${iface.name}'`;
    try {
      out[name] = parseInputValue(model, iface, name, asText(value, what), what);
    } catch (e) {
      if (e instanceof UsageError) throw new PmumapError(e.message);
      throw e;
    }
  }
  const missing = iface.inputs
    .filter((i) => !(i.name in out) && !i.default && !isRangesType(i.type))
    .map((i) => i.name);
  if (missing.length > 0)
    throw new PmumapError(`'${iface.name}' needs input(s): ${missing.join(', ')}`);
  return out;
}
