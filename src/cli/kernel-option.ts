/**
 * `--kernel VERSION`: the one release a command asks every interface
 * about (src/query/kernel-answers.ts picks each interface's consumer), and
 * the notes that say how a point release, a release candidate or a release
 * newer than the tables was answered.
 */
import type { Model } from '../model/model.ts';
import type { KernelOption } from '../model/kernel-choice.ts';
import {
  beyondModelledNote,
  KernelChoiceError,
  parseKernelOption,
} from '../model/kernel-choice.ts';
import type { ParsedArgs } from './args.ts';
import { single, UsageError } from './args.ts';

/** The release --kernel names, or undefined without it; a mistake is one line, exit 2. */
export function kernelOption(args: ParsedArgs): number[] | undefined {
  return parsed(args)?.release;
}

function parsed(args: ParsedArgs): KernelOption | undefined {
  const text = single(args, 'kernel');
  if (text === undefined) return undefined;
  try {
    return parseKernelOption(text);
  } catch (e) {
    if (e instanceof KernelChoiceError) throw new UsageError(e.message);
    throw e;
  }
}

/** What --kernel's answer should say of the release: one line each, for stderr and `warnings`. */
export function kernelNotes(model: Model, args: ParsedArgs): string[] {
  const option = parsed(args);
  if (!option) return [];
  const beyond = beyondModelledNote(model, option.release, single(args, 'kernel') ?? '');
  return [...option.notes, ...(beyond ? [beyond] : [])];
}
