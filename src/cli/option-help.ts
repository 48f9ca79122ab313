/**
 * One line per option for `pmumap COMMAND --help`. The same name means the
 * same thing in every command, except where a command says otherwise
 * (`--out`, `--format`, `--consumer`); an option without a line here is
 * still listed, by name.
 */
const SHARED: ReadonlyMap<string, string> = new Map([
  ['no-cache', 'compile without reading or writing the compile cache'],
  ['json', 'print JSON instead of text'],
  ['help', 'print this help'],
  ['eax', 'a register of the leaf, as the CPU returns it (decimal or 0x)'],
  ['ebx', 'a register of the leaf'],
  ['ecx', 'a register of the leaf'],
  ['edx', 'a register of the leaf'],
  ['hypervisor', 'the reader runs in a virtual machine'],
  ['mode', 'a mode of the arch block (a named consumer)'],
  ['consumer', 'only this consumer (repeatable)'],
  ['kernel', 'answer as this mainline kernel release does (like 6.1), for every interface asked'],
]);

const BY_COMMAND: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    'check',
    new Map([
      ['format', 'text (default), json or sarif (SARIF 2.1.0, for CI annotations)'],
      ['short', 'diagnostics without the source excerpts'],
      ['summary', 'errors in full, warnings as a count per code'],
    ]),
  ],
  [
    'gen',
    new Map([
      ['check', 'write nothing; exit 1 if a generated file is out of date'],
      [
        'out',
        'the output directory (default: generated/ in the tables directory named, tables/generated without one)',
      ],
      ['emit', 'the targets to write, comma-separated: ts, json, c, rust'],
      ['force', 'replace files in the way that gen did not write (it never deletes them)'],
    ]),
  ],
  [
    'run',
    new Map([
      ['set', 'an input, NAME=VALUE (repeatable)'],
      ['explain', 'every step each consumer took, with its tables line'],
    ]),
  ],
  [
    'cpuid',
    new Map([
      ['dump', 'read the registers from a dump file (cpuid -r, AIDA64) or /dev/cpu/N/cpuid'],
      ['consumers', 'for disagree: only these consumers, comma-separated'],
    ]),
  ],
  ['consumers', new Map([['markdown', "README's consumer table, as Markdown"]])],
  [
    'host',
    new Map([
      ['sysfs', 'a sysfs root or a host snapshot (default /sys)'],
      ['cpus', 'only these CPUs, a list like 0-3,8'],
      ['consumer', 'plan with this consumer'],
      ['arch', 'plan for this architecture'],
      ['snapshot', 'write what was read from sysfs to this JSON file'],
    ]),
  ],
  ['import', new Map([['out', 'the output directory (default tables/vendor/arm or intel)']])],
  [
    'report',
    new Map([
      ['format', 'html (default), md or json'],
      ['out', 'write to this file (atomically) and print its path'],
    ]),
  ],
  [
    'verify',
    new Map([
      ['expect', 'a JSON file of expected readings per dump'],
      ['junit', 'write JUnit XML here (one timed case per example and expectation)'],
    ]),
  ],
  [
    'protocol',
    new Map([
      ['consumer', 'only this machine of the protocol (repeatable, or comma-separated)'],
      ['depth', 'explore: the longest call sequence searched (default 4, at most 12)'],
      ['vcpus', "explore: how many vCPUs make calls (default: the protocol's explore block)"],
    ]),
  ],
]);

/** `  --name        what it does` lines for a command's options, in the order given. */
export function optionLines(command: string, options: readonly string[]): string[] {
  const width = Math.max(...options.map((o) => o.length)) + 2;
  return options.map((o) => {
    const about = BY_COMMAND.get(command)?.get(o) ?? SHARED.get(o);
    return `  --${o.padEnd(width)}${about ?? ''}`.trimEnd();
  });
}
