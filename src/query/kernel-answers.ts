/**
 * Answers under consumer statuses: the consumer a kernel release picks
 * (one release for every interface a question asks; a refusal is the
 * asker's mistake), each consumer's JSON `status`, and the patch-only
 * consumers shown beside a mainline answer when they answer differently.
 * The choice itself is src/model/kernel-choice.ts; `--kernel` is parsed
 * in src/cli/kernel-option.ts.
 */
import {
  chooseConsumer,
  findConsumer,
  KernelChoiceError,
  patchesOf,
  seriesLabel,
  statusJson,
} from '../model/kernel-choice.ts';
import type { MConsumer, Model } from '../model/model.ts';
import { UsageError } from '../io/usage-error.ts';

/** chooseConsumer with its refusal as a usage error (exit 2). */
export function consumerForKernel(
  model: Model,
  iface: string,
  asked: string,
  kernel: readonly number[] | undefined,
): string {
  try {
    return chooseConsumer(model, iface, asked, kernel);
  } catch (e) {
    if (e instanceof KernelChoiceError) throw new UsageError(e.message);
    throw e;
  }
}

/** How a patch-only consumer is named beside a mainline answer. */
export function patchLabel(c: MConsumer): string {
  return c.status?.kind === 'patch'
    ? `with the series ${seriesLabel(c.status)} (${c.name})`
    : c.name;
}

const statuses = new WeakMap<Model, Map<string, Map<string, unknown>>>();

/** The JSON `status` of a consumer of `iface` (one object per consumer and model: answers share it). */
export function consumerStatusJson(model: Model, iface: string, consumer: string): unknown {
  let perModel = statuses.get(model);
  if (!perModel) statuses.set(model, (perModel = new Map()));
  let perInterface = perModel.get(iface);
  if (!perInterface) perModel.set(iface, (perInterface = new Map()));
  let status = perInterface.get(consumer);
  if (status === undefined) {
    status = statusJson(findConsumer(model, iface, consumer)?.status);
    perInterface.set(consumer, status);
  }
  return status;
}

/** Keys an answer's JSON carries that do not belong to the answer itself. */
const NOT_THE_ANSWER = new Set(['consumer', 'source', 'status', 'patches']);

/**
 * Whether two JSON answers say the same, leaving out who said it and where:
 * whether JSON.stringify would print them alike without NOT_THE_ANSWER's
 * keys at any depth, compared in place (`pmumap query` compares every
 * answer with its patches' answers) rather than printed.
 */
export function sameAnswer(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Two different strings, booleans or finite numbers never print alike (only 0 and -0 do,
  // and they are ===): no need to print them. NaN, Infinity and null all print as null.
  const ta = typeof a;
  const tb = typeof b;
  if (ta === tb && (ta === 'string' || ta === 'boolean')) return false;
  if (ta === 'number' && tb === 'number' && Number.isFinite(a) && Number.isFinite(b)) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // JSON prints an array's missing values (undefined, functions) as null.
    const item = (x: unknown): unknown => (x === undefined || typeof x === 'function' ? null : x);
    return a.every((x, i) => sameAnswer(item(x), item(b[i])));
  }
  const ka = printedKeys(a);
  const kb = printedKeys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i]) return false;
    if (!sameAnswer((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

/** The keys JSON.stringify prints of an object, in its order, less NOT_THE_ANSWER's. */
function printedKeys(o: object): string[] {
  return Object.keys(o).filter((k) => {
    const v = (o as Record<string, unknown>)[k];
    return !NOT_THE_ANSWER.has(k) && v !== undefined && typeof v !== 'function';
  });
}

/**
 * The patch-only consumers of `iface` that modify `consumer` and answer
 * differently from it: `answer` gives each one's JSON answer.
 */
export function differingPatches<T>(
  model: Model,
  iface: string,
  consumer: string,
  answer: (consumer: string) => T,
): { consumer: MConsumer; answer: T }[] {
  const mine = answer(consumer);
  return patchesModifying(model, iface, consumer)
    .map((c) => ({ consumer: c, answer: answer(c.name) }))
    .filter((p) => !sameAnswer(p.answer, mine));
}

const patchLists = new WeakMap<Model, Map<string, readonly MConsumer[]>>();

/**
 * patchesOf, searched once per model, interface and consumer: `pmumap query` asks it for
 * every arch question, and the search walks every consumer of the tables.
 */
function patchesModifying(model: Model, iface: string, consumer: string): readonly MConsumer[] {
  let perModel = patchLists.get(model);
  if (!perModel) patchLists.set(model, (perModel = new Map()));
  const key = `${iface}\0${consumer}`;
  let patches = perModel.get(key);
  if (!patches) perModel.set(key, (patches = patchesOf(model, iface, consumer)));
  return patches;
}
