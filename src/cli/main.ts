/**
 * The command line: argv in, exit status out. The only module that writes to
 * stdout/stderr (through CliIo); `bin/pmumap.js` is the only caller of
 * process.exit. A usage mistake is one line and status 2; a table mistake is
 * diagnostics and status 1; a crash is a bug and says so.
 */
import type { OptionSpec, ParsedArgs } from './args.ts';
import { parseArgs, UsageError, wantsHelp } from './args.ts';
import { archCommand } from './commands/arch-command.ts';
import { checkCommand } from './commands/check.ts';
import { commandsCommand } from './commands/commands.ts';
import { consumersCommand } from './commands/consumers.ts';
import { CPUID_OPTIONS, cpuidCommand } from './commands/cpuid.ts';
import { diffCommand } from './commands/diff.ts';
import { explainCommand } from './commands/explain.ts';
import { genCommand } from './commands/gen.ts';
import { hostCommand } from './commands/host.ts';
import { importCommand } from './commands/import.ts';
import { PROTOCOL_OPTIONS, protocolCommand } from './commands/protocol.ts';
import { lspCommand } from './commands/lsp.ts';
import { queryCommand } from './commands/query.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { summaryCommand } from './commands/summary.ts';
import { verifyCommand } from './commands/verify.ts';
import type { CliIo } from './io.ts';
import { optionLines } from './option-help.ts';
import { VERSION } from './version.ts';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: OptionSpec;
  readonly run: (io: CliIo, args: ParsedArgs) => Promise<number>;
}

const common = { 'no-cache': 'flag' } as const;

// A Map, so `pmumap constructor` or `pmumap __proto__` is an unknown command, not Object's.
const commands: ReadonlyMap<string, Command> = new Map(
  Object.entries({
    check: {
      summary: 'check tables (default: tables/) and print diagnostics; exit 1 on errors',
      usage: 'pmumap check [PATH...] [--json | --format text|json|sarif] [--short] [--summary]',
      options: { ...common, json: 'flag', format: 'value', short: 'flag', summary: 'flag' },
      run: checkCommand,
    },
    gen: {
      summary: 'write the generated tables, or with --check verify them',
      usage:
        'pmumap gen [PATH...] [--check] [--out DIR] [--emit ts,json,c,rust] [--force] [--json]',
      options: {
        ...common,
        check: 'flag',
        out: 'value',
        emit: 'value',
        force: 'flag',
        json: 'flag',
      },
      run: genCommand,
    },
    summary: {
      summary: 'what the tables hold, per source file (npm start)',
      usage: 'pmumap summary [PATH...] [--json]',
      options: { ...common, json: 'flag' },
      run: summaryCommand,
    },
    run: {
      summary: "run an interface's consumers on inputs and show each answer",
      usage:
        'pmumap run INTERFACE [PATH...] --set NAME=VALUE... [--consumer NAME]... [--json] [--explain]',
      options: { ...common, set: 'value', consumer: 'value', json: 'flag', explain: 'flag' },
      run: runCommand,
    },
    cpuid: {
      summary:
        'what a CPUID leaf means to every reader, from registers or a dump; or where readers disagree',
      usage:
        'pmumap cpuid LEAF (--eax X --ebx X --ecx X --edx X [--hypervisor] | --dump FILE) [--consumer NAME]... [--json] | pmumap cpuid disagree [--consumers a,b] [--json]',
      options: { ...common, ...CPUID_OPTIONS },
      run: cpuidCommand,
    },
    host: {
      summary:
        "read the host's perf PMUs from sysfs and plan the guest's vPMU: SET_PMU, fixed-counters-only or none",
      usage:
        'pmumap host [PATH...] [--sysfs ROOT|SNAPSHOT.json] [--cpus LIST] [--consumer NAME | --kernel VERSION] [--arch ARCH] [--json] [--snapshot OUT.json]',
      options: {
        ...common,
        sysfs: 'value',
        cpus: 'value',
        consumer: 'value',
        kernel: 'value',
        arch: 'value',
        json: 'flag',
        snapshot: 'value',
      },
      run: hostCommand,
    },
    diff: {
      summary:
        'what changed in meaning between two versions of the tables (dirs or REV:PATH); exit 0 same, 1 different, 2 error',
      usage: 'pmumap diff OLD NEW [--json]',
      options: { ...common, json: 'flag' },
      run: diffCommand,
    },
    explain: {
      summary:
        "the chain of rules, with tables lines, behind an event's, a register value's or a CPUID leaf's mapping",
      usage:
        'pmumap explain ARCH (EVENT | REGISTER=VALUE | LEAF --eax X --ebx X --ecx X --edx X [--hypervisor] | CORE) [PATH...] [--mode MODE] [--json]',
      options: {
        ...common,
        json: 'flag',
        mode: 'value',
        eax: 'value',
        ebx: 'value',
        ecx: 'value',
        edx: 'value',
        hypervisor: 'flag',
      },
      run: explainCommand,
    },
    import: {
      summary:
        'one tables file per core from vendor event data (ARM-software/data, intel/perfmon); cross-checked by `check`',
      usage: 'pmumap import (arm-data | intel-perfmon) DIR [--out OUTDIR] [--json]',
      options: { ...common, out: 'value', json: 'flag' },
      run: importCommand,
    },
    report: {
      summary:
        'one self-contained document of every register, pmu, mapping, disagreement and example (HTML or Markdown)',
      usage: 'pmumap report [PATH...] [--format html|md|json] [--out FILE]',
      options: { ...common, format: 'value', out: 'value' },
      run: reportCommand,
    },
    verify: {
      summary:
        'CI gate: the tables and their examples, plus CPUID dumps against expectations; JUnit XML',
      usage: 'pmumap verify DIR|FILE... [--expect FILE] [--junit OUT] [--json]',
      options: { ...common, expect: 'value', junit: 'value', json: 'flag' },
      run: verifyCommand,
    },
    query: {
      summary:
        'many questions, one process: JSON lines on stdin (a command and its options), one JSON answer per line on stdout',
      usage: 'pmumap query [PATH...] < QUESTIONS.jsonl',
      options: { ...common },
      run: queryCommand,
    },
    commands: {
      summary: "list the commands the tables' arch blocks declare, with their options",
      usage: 'pmumap commands [PATH...] [--json]',
      options: { ...common, json: 'flag' },
      run: commandsCommand,
    },
    lsp: {
      summary: 'the language server for editors: LSP over stdin and stdout',
      usage: 'pmumap lsp',
      options: {},
      run: lspCommand,
    },
    protocol: {
      summary:
        "run a call sequence on every kernel's machine of ARCH's protocol (results, deciding lines, disagreements, expectations), or search for sequences they disagree on",
      usage:
        'pmumap protocol ARCH check SEQUENCE [PATH...] [--consumer NAME]... [--json] | pmumap protocol ARCH explore [PATH...] [--depth N] [--vcpus N] [--consumer NAME]... [--json]',
      options: PROTOCOL_OPTIONS,
      run: protocolCommand,
    },
    consumers: {
      summary:
        'list the consumers, which kernel each models (mainline range or patch series) and what',
      usage: 'pmumap consumers [PATH...] [--json | --markdown]',
      options: { ...common, json: 'flag', markdown: 'flag' },
      run: consumersCommand,
    },
  } satisfies Record<string, Command>),
);

function help(): string {
  const w = Math.max(...[...commands.keys()].map((c) => c.length));
  return [
    `pmumap ${VERSION}: PMU counter-mapping compiler`,
    '',
    'usage: pmumap COMMAND [options]',
    '',
    ...[...commands].map(([name, c]) => `  ${name.padEnd(w)}  ${c.summary}`),
    '',
    ...[...commands.values()].map((c) => `  ${c.usage}`),
    '',
    'The tables declare more commands per architecture, run as',
    '  pmumap COMMAND ARCH [--INPUT VALUE]... [--consumer NAME | --mode MODE] [--json]',
    '`pmumap commands` lists them with their options.',
    '',
    'Every command takes --no-cache and --help; pmumap --version prints the version.',
    'A true/false option is written --NAME (true) or --NAME true|false, in every command.',
    '',
  ].join('\n');
}

/** `pmumap COMMAND --help`: its usage, what it does, and every option it takes. */
function commandHelp(name: string, c: Command): string {
  const options = [...Object.keys(c.options), 'help'];
  return [
    `usage: ${c.usage}`,
    `  ${c.summary}`,
    '',
    'options:',
    ...optionLines(name, options),
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h') {
      io.stdout(help());
      return name === undefined ? 2 : 0;
    }
    if (name === 'help') {
      // `pmumap help COMMAND` is `pmumap COMMAND --help`.
      if (rest[0] === undefined) {
        io.stdout(help());
        return 0;
      }
      return await runCli([rest[0], '--help'], io);
    }
    if (name === '--version' || name === '-V') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const command = commands.get(name);
    // Any other command may be one the tables' arch blocks declare (map, generic, pmceid, ...).
    if (!command) return await archCommand(io, name, rest, [...commands.keys()]);
    if (wantsHelp(rest)) {
      io.stdout(commandHelp(name, command));
      return 0;
    }
    return await command.run(io, parseArgs(rest, command.options));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`pmumap: ${e.message}\n`);
      return 2;
    }
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`pmumap: internal error (a bug in pmumap, please report it):\n${detail}\n`);
    return 70;
  }
}
