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

/** The JSON `status` of a consumer of `iface`. */
export function consumerStatusJson(model: Model, iface: string, consumer: string): unknown {
  return statusJson(findConsumer(model, iface, consumer)?.status);
}

/** Keys an answer's JSON carries that do not belong to the answer itself. */
const NOT_THE_ANSWER = new Set(['consumer', 'source', 'status', 'patches']);

/** Whether two JSON answers say the same, leaving out who said it and where. */
export function sameAnswer(a: unknown, b: unknown): boolean {
  const strip = (v: unknown): string =>
    JSON.stringify(v, (k, x: unknown) => (NOT_THE_ANSWER.has(k) ? undefined : x));
  return strip(a) === strip(b);
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
  return patchesOf(model, iface, consumer)
    .map((c) => ({ consumer: c, answer: answer(c.name) }))
    .filter((p) => !sameAnswer(p.answer, mine));
}
