/**
 * `pmumap query [PATH...]`: many questions, one process. Each line of stdin
 * is a question (see query/question.ts); each gets one line of JSON on
 * stdout, in input order: the answer the single command prints with --json,
 * or {"line": N, "error": KIND, "message": ...} for a line that cannot be
 * answered, after which the stream goes on. The tables are compiled (or
 * read from the cache) once. Exit 0 when every line was answered, 1 when
 * some line was an error.
 */
import type { Model } from '../../model/model.ts';
import type { Tables } from '../../runtime/tables.ts';
import { loadTables } from '../../runtime/tables.ts';
import { EvalError } from '../../runtime/values.ts';
import { formatBytes, INPUT_LIMITS } from '../../io/input-limits.ts';
import type { ParsedArgs } from '../args.ts';
import { parseArgs, UsageError, wantsHelp } from '../args.ts';
import { didYouMean } from '../../io/did-you-mean.ts';
import type { CliIo } from '../io.ts';
import { loadModel } from '../load-model.ts';
import type { Line } from '../query/lines.ts';
import { boundedLines } from '../query/lines.ts';
import { QuestionError, questionArgv } from '../query/question.ts';
import { archAnswerJson } from '../../query/arch-answer.ts';
import { archKernelNotes, archQuestion, isArchCommand, withKernelNotes } from './arch-command.ts';
import { CPUID_OPTIONS, registersReport } from './cpuid.ts';
import { runAnswer, runAnswerJson } from './run.ts';

const CPUID_QUERY_OPTIONS = { ...CPUID_OPTIONS, 'no-cache': 'flag' } as const;
const RUN_OPTIONS = {
  set: 'value',
  consumer: 'value',
  json: 'flag',
  explain: 'flag',
  'no-cache': 'flag',
} as const;

/** The JSON answer to one command line, as that command prints it with --json. */
export function answerArgv(model: Model, tables: Tables, argv: readonly string[]): unknown {
  const [command, ...rest] = argv;
  if (wantsHelp(rest)) throw new UsageError('--help is not answered by query');
  if (command === 'cpuid') {
    const args = parseArgs(rest, CPUID_QUERY_OPTIONS);
    const [leaf, ...extra] = args.positionals;
    if (leaf === undefined) throw new UsageError('cpuid needs a leaf (e.g. 0xa)');
    if (leaf === 'disagree' || args.options.has('dump'))
      throw new UsageError(
        'cpuid disagree and cpuid --dump are not answered by query; run them as commands',
      );
    noPaths(extra);
    return registersReport(model, tables, leaf, args, false).report.json;
  }
  if (command === 'run') {
    const args: ParsedArgs = parseArgs(rest, RUN_OPTIONS);
    const [iface, ...extra] = args.positionals;
    if (iface === undefined) throw new UsageError('run needs an interface name');
    noPaths(extra);
    return runAnswerJson(runAnswer(model, tables, iface, args));
  }
  if (command !== undefined && isArchCommand(model, command)) {
    const firstFlag = rest.findIndex((a) => a.startsWith('--'));
    const [arch, ...extra] = firstFlag < 0 ? rest : rest.slice(0, firstFlag);
    noPaths(extra);
    const optionArgv = firstFlag < 0 ? [] : rest.slice(firstFlag);
    const q = archQuestion(model, command, arch, optionArgv, tables);
    // How --kernel was read goes in the answer's warnings (stdout is one JSON line per question).
    const notes = archKernelNotes(model, command, arch, optionArgv);
    return withKernelNotes(archAnswerJson(model, tables, q) as Record<string, unknown>, notes);
  }
  const known = [
    'cpuid',
    'run',
    ...new Set(model.archs.flatMap((a) => a.commands.map((c) => c.name))),
  ];
  throw new UsageError(
    `'${command ?? ''}' is not a question query answers${didYouMean(command ?? '', known)} (expected ${known.join(', ')})`,
  );
}

function noPaths(extra: readonly string[]): void {
  if (extra.length > 0)
    throw new UsageError(
      `unexpected argument '${extra[0]}' (tables paths go to pmumap query itself, not to a line)`,
    );
}

type ErrorKind = 'json' | 'usage' | 'evaluate' | 'too-long' | 'not-utf8';

interface Answer {
  readonly text: string;
  readonly failed: boolean;
}

const errorLine = (line: number, error: ErrorKind, message: string): Answer => ({
  text: JSON.stringify({ line, error, message }),
  failed: true,
});

/** One line of output for one line of input (undefined for a blank line). */
function answerLine(model: Model, tables: Tables, line: Line): Answer | undefined {
  if (line.kind === 'too-long')
    return errorLine(
      line.number,
      'too-long',
      `line is ${formatBytes(line.bytes)} or more; a question may be at most ${formatBytes(INPUT_LIMITS.queryLine)}`,
    );
  if (line.kind === 'not-utf8') return errorLine(line.number, 'not-utf8', 'line is not UTF-8');
  if (line.text.trim() === '') return undefined;
  try {
    return {
      text: JSON.stringify(answerArgv(model, tables, questionArgv(line.text))),
      failed: false,
    };
  } catch (e) {
    if (e instanceof QuestionError) return errorLine(line.number, 'json', e.message);
    if (e instanceof UsageError) return errorLine(line.number, 'usage', e.message);
    if (e instanceof EvalError)
      return errorLine(line.number, 'evaluate', `cannot evaluate: ${e.message}`);
    throw e;
  }
}

export async function queryCommand(io: CliIo, args: ParsedArgs): Promise<number> {
  if (!io.stdin) throw new UsageError('query reads questions from stdin, and there is none');
  const loaded = await loadModel(io, args.positionals, !args.flags.has('no-cache'));
  if (!loaded) return 1;
  const model = loaded.model;
  const tables = loadTables(model);
  let failed = false;
  for await (const lines of boundedLines(io.stdin, INPUT_LIMITS.queryLine)) {
    const out: string[] = [];
    for (const line of lines) {
      const answer = answerLine(model, tables, line);
      if (answer === undefined) continue;
      failed ||= answer.failed;
      out.push(answer.text);
    }
    if (out.length > 0) io.stdout(out.join('\n') + '\n');
  }
  return failed ? 1 : 0;
}
