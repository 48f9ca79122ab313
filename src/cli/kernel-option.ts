/**
 * `--kernel VERSION`: the one release a command asks every interface
 * about (src/query/kernel-answers.ts picks each interface's consumer).
 */
import { KernelChoiceError, parseKernelOption } from '../model/kernel-choice.ts';
import type { ParsedArgs } from './args.ts';
import { single, UsageError } from './args.ts';

/** The release --kernel names, or undefined without it; a mistake is one line, exit 2. */
export function kernelOption(args: ParsedArgs): number[] | undefined {
  const text = single(args, 'kernel');
  if (text === undefined) return undefined;
  try {
    return parseKernelOption(text);
  } catch (e) {
    if (e instanceof KernelChoiceError) throw new UsageError(e.message);
    throw e;
  }
}
