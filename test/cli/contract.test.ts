/**
 * The bad-input contract (README "Bad input"): for every command, a usage
 * mistake or an unreadable input is exit 2, exactly one line on stderr
 * that names the argument, nothing on stdout, and nothing written.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENDOR_DATA } from '../vendor/data-dir.ts';
import { cli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pmumap-contract-'));
/** Where a command told to write would write: must not exist afterwards. */
const OUT = join(dir, 'never-written');
const NOT_JSON = join(dir, 'not.json');
writeFileSync(NOT_JSON, 'this is not json');
const UNWRITABLE = '/proc/pmumap-cannot-write-here/out';

const cases: [string, string[], RegExp][] = [
  // every command: an unknown option, a missing value
  ['check: unknown option', ['check', '--colour'], /unknown option '--colour'/],
  [
    'check: missing tables path',
    ['check', 'no/such/tables'],
    /no such file or directory: 'no\/such\/tables'/,
  ],
  [
    'gen: unknown target',
    ['gen', '--emit', 'cobol', '--out', OUT],
    /unknown --emit target 'cobol'/,
  ],
  ['gen: --out needs a value', ['gen', '--out'], /option '--out' needs a value/],
  ['gen: unwritable --out', ['gen', '--out', UNWRITABLE], /cannot write --out/],
  ['summary: unknown option', ['summary', '--verbose'], /unknown option '--verbose'/],
  ['run: unknown interface', ['run', 'no_such_iface'], /no_such_iface/],
  [
    'run: value over 64 bits',
    ['run', 'kvm_evtype_write', '--set', 'counter=0', '--set', 'value=0x10000000000000000'],
    /value.*2\^64/,
  ],
  ['consumers: unknown option', ['consumers', '--all'], /unknown option '--all'/],
  ['commands: missing tables path', ['commands', 'nope'], /no such file or directory: 'nope'/],
  ['cpuid: no leaf', ['cpuid'], /cpuid needs a leaf/],
  [
    'cpuid: register over 32 bits',
    ['cpuid', '0xa', '--eax', '0x100000000', '--ebx', '0', '--ecx', '0', '--edx', '0'],
    /--eax.*32 bits/,
  ],
  [
    'cpuid: negative register',
    ['cpuid', '0xa', '--eax', '-1', '--ebx', '0', '--ecx', '0', '--edx', '0'],
    /--eax/,
  ],
  ['cpuid: missing dump', ['cpuid', '0xa', '--dump', join(dir, 'no-dump.txt')], /no-dump\.txt/],
  [
    'verify: malformed --expect',
    ['verify', 'test/fixtures/cpuid', '--expect', NOT_JSON],
    /--expect/,
  ],
  [
    'verify: unwritable --junit',
    ['verify', 'test/fixtures/cpuid', '--junit', UNWRITABLE],
    /cannot write/,
  ],
  [
    'map: counter over 32',
    ['map', 'arm64', '--counter', '33', '--value', '0'],
    /--counter: 33 is outside 0\.\.32/,
  ],
  [
    'map: counter over its type',
    ['map', 'arm64', '--counter', '256', '--value', '0'],
    /--counter: 256 does not fit in 8 bits/,
  ],
  [
    'map: negative counter',
    ['map', 'arm64', '--counter', '-1', '--value', '0'],
    /--counter: -1 is negative/,
  ],
  [
    'map: register value over 64 bits',
    ['map', 'arm64', '--counter', '0', '--value', '0x1ffffffffffffffff'],
    /--value: expected a number below 2\^64/,
  ],
  [
    'map: not a number',
    ['map', 'arm64', '--counter', 'zero', '--value', '0'],
    /--counter: expected a number/,
  ],
  ['map: unknown architecture', ['map', 'mips', '--counter', '0'], /unknown architecture 'mips'/],
  [
    'map: unknown mode',
    ['map', 'arm64', '--counter', '0', '--value', '0', '--mode', 'turbo'],
    /unknown --mode 'turbo'/,
  ],
  [
    'generic: unknown consumer',
    ['generic', 'arm64', '--consumer', 'arm-pmuv9'],
    /unknown --consumer 'arm-pmuv9'/,
  ],
  ['pmceid: pmuver not a member', ['pmceid', 'arm64', '--pmuver', 'V9'], /--pmuver/],
  [
    'fixed: register over 32 bits',
    ['fixed', 'x86', '--eax', '0x100000000', '--ebx', '0', '--ecx', '0', '--edx', '0'],
    /--eax: 0x100000000 does not fit in 32 bits/,
  ],
  [
    'fixed-map: counter over 31',
    ['fixed-map', 'x86', '--counter', '32', '--eax', '0', '--ebx', '0', '--ecx', '0', '--edx', '0'],
    /--counter: 32 is outside 0\.\.31/,
  ],
  [
    'host: missing --sysfs',
    ['host', '--sysfs', join(dir, 'no-sys'), '--snapshot', OUT],
    /--sysfs '.*no-sys': ENOENT/,
  ],
  [
    'host: --sysfs not a snapshot',
    ['host', '--sysfs', NOT_JSON, '--snapshot', OUT],
    /expected a directory or a pmumap host snapshot \(not JSON\)/,
  ],
  [
    'host: bad --cpus',
    ['host', '--sysfs', 'test/fixtures/sysfs/arm64-a55-a76', '--cpus', '0-x', '--snapshot', OUT],
    /--cpus '0-x'/,
  ],
  [
    'host: unwritable --snapshot',
    ['host', '--sysfs', 'test/fixtures/sysfs/arm64-a55-a76', '--snapshot', UNWRITABLE],
    /cannot write snapshot/,
  ],
  ['diff: one version only', ['diff', 'tables'], /diff needs exactly two versions/],
  [
    'diff: unknown revision',
    ['diff', 'no-such-rev:tables', 'tables'],
    /unknown revision 'no-such-rev'/,
  ],
  [
    'diff: missing directory',
    ['diff', 'tables', join(dir, 'no-tables')],
    /no such file or directory/,
  ],
  [
    'explain: unknown event',
    ['explain', 'arm64', 'NOT_AN_EVENT'],
    /'NOT_AN_EVENT' is not an event/,
  ],
  [
    'explain: register index out of range',
    ['explain', 'arm64', 'PMEVTYPER31_EL0=0'],
    /n must be in 0\.\.30/,
  ],
  [
    'explain: register value over its width',
    ['explain', 'arm64', 'PMCCFILTR_EL0=0x10000000000000000'],
    /does not fit in 64 bits/,
  ],
  [
    'report: unknown format',
    ['report', '--format', 'pdf', '--out', OUT],
    /--format 'pdf': expected html, md or json/,
  ],
  [
    'report: unwritable --out',
    ['report', '--format', 'md', '--out', UNWRITABLE],
    /cannot write report/,
  ],
  [
    'import: unknown kind',
    ['import', 'amd-data', dir],
    /import needs a kind: arm-data or intel-perfmon/,
  ],
  [
    'import: missing data directory',
    ['import', 'arm-data', join(dir, 'no-data'), '--out', OUT],
    /no-data': ENOENT/,
  ],
  [
    'import: unwritable --out',
    ['import', 'arm-data', join(VENDOR_DATA, 'arm-software-data'), '--out', UNWRITABLE],
    /cannot write --out/,
  ],
  [
    'import: no core files',
    ['import', 'intel-perfmon', dir, '--out', OUT],
    /no intel-perfmon core files found/,
  ],
  ['no such command', ['frobnicate'], /unknown command 'frobnicate'/],
  // names are looked up as own names, never through Object's prototype
  ['command named like an Object property', ['constructor'], /unknown command 'constructor'/],
  ['command __proto__', ['__proto__'], /unknown command '__proto__'/],
  [
    'option named like an Object property',
    ['check', '--constructor', 'x'],
    /unknown option '--constructor'/,
  ],
  [
    'arch command: option __proto__',
    ['map', 'arm64', '--counter', '0', '--value', '0', '--__proto__', 'x'],
    /unknown option '--__proto__'/,
  ],
  ['import: kind toString', ['import', 'toString', dir, '--out', OUT], /import needs a kind/],
  // a near miss names the closest
  ['mistyped command', ['chekc'], /unknown command 'chekc'; did you mean 'check'\?/],
  ['mistyped option', ['report', '--otu', OUT], /unknown option '--otu'; did you mean '--out'\?/],
  [
    'mistyped enum member',
    ['pmceid', 'arm64', '--pmuver', 'V3P44'],
    /--pmuver: .*found 'V3P44'; did you mean 'V3P4'\?/,
  ],
  [
    'check: unknown format',
    ['check', '--format', 'xml'],
    /--format 'xml': expected text, json or sarif/,
  ],
  [
    'a flag given a value',
    ['check', '--json=yes'],
    /option '--json' is true or false, found 'yes'/,
  ],
  ['a short option', ['check', '-x'], /unknown option '-x'/],
  [
    'explain: mistyped register',
    ['explain', 'arm64', 'PMCCFILTER_EL0=0'],
    /is not an event, REGISTER=VALUE or a CPUID leaf of arm64; did you mean 'PMCCFILTR_EL0'\?/,
  ],
  [
    'cpuid: mistyped --consumer',
    ['cpuid', '0xa', '--eax', '0', '--ebx', '0', '--ecx', '0', '--edx', '0', '--consumer', 'sdmm'],
    /--consumer: unknown consumer 'sdmm'; did you mean 'sdm'\?/,
  ],
  [
    'cpuid disagree: mistyped --consumers',
    ['cpuid', 'disagree', '--consumers', 'sdm,linux-perff'],
    /--consumers: unknown consumer 'linux-perff'; did you mean 'linux-perf'\?/,
  ],
];

describe('bad input: one line naming it, exit 2, nothing written', () => {
  for (const [what, argv, message] of cases) {
    it(
      what,
      async () => {
        const r = await cli(argv);
        expect(r.status).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/^pmumap: /);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(existsSync(OUT)).toBe(false);
      },
      60_000,
    );
  }
});
