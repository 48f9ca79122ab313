/**
 * Every reader is bounded by type, size and time (issue 14, item 3):
 * /dev/zero, /dev/urandom or a FIFO given as any input path, or found
 * where a file is read, is one line on stderr and exit 2 within a second;
 * a file past its documented limit is refused before it is read. Each case
 * runs the CLI in a child process: on a blocking reader it would hang this
 * one (before: `cpuid --dump /dev/zero` grew until killed, a FIFO hung
 * every reader).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src/io/input-limits.ts';
import { ROOT } from '../helpers.ts';
import { runIsolated } from './isolated-run.ts';
import { cli } from './run-cli.ts';

const SYSFS_FIXTURE = join(ROOT, 'test/fixtures/sysfs/arm64-homogeneous');
const ATTRIBUTE = 'bus/event_source/devices/armv8_pmuv3_0/type';

let cache = '';
let scratch = '';
beforeAll(async () => {
  // A warm cache: commands that compile the tables first reach their reader at once.
  cache = mkdtempSync(join(tmpdir(), 'pmumap-bounded-cache-'));
  expect((await cli(['check'], ROOT, cache)).status).toBe(0);
  scratch = mkdtempSync(join(tmpdir(), 'pmumap-bounded-'));
}, 60_000);

const fifo = (path: string): string => {
  execFileSync('mkfifo', [path]);
  return path;
};
/** A sparse file of `bytes`: instant to make, minutes to read. */
const sparse = (path: string, bytes: number): string => {
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
};
const fresh = (name: string): string => {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
};
/** A copy of a sysfs fixture with `make` applied at the attribute path. */
const treeWith = (name: string, make: (path: string) => void): string => {
  const dir = fresh(name);
  cpSync(SYSFS_FIXTURE, dir, { recursive: true });
  rmSync(join(dir, ATTRIBUTE));
  make(join(dir, ATTRIBUTE));
  return dir;
};

/** [case, argv (made in the scratch folder), the one stderr line it must print]. */
type Case = readonly [string, () => string[], RegExp];

const cases: Case[] = [
  [
    'cpuid --dump /dev/zero',
    () => ['cpuid', '0xa', '--dump', '/dev/zero'],
    /^pmumap: cannot read --dump '\/dev\/zero': a character device, not a regular file$/,
  ],
  [
    'cpuid --dump /dev/urandom',
    () => ['cpuid', '0xa', '--dump', '/dev/urandom'],
    /^pmumap: cannot read --dump '\/dev\/urandom': a character device, not a regular file$/,
  ],
  [
    'cpuid --dump FIFO',
    () => ['cpuid', '0xa', '--dump', fifo(join(fresh('dump-fifo'), 'dump.txt'))],
    /^pmumap: cannot read --dump '.*dump\.txt': a FIFO, not a regular file$/,
  ],
  [
    'cpuid --dump of 200 MB',
    () => ['cpuid', '0xa', '--dump', sparse(join(fresh('dump-big'), 'big.txt'), 200e6)],
    /^pmumap: cannot read --dump '.*big\.txt': 190\.7 MiB, larger than the 16 MiB limit$/,
  ],
  [
    'host --sysfs /dev/zero',
    () => ['host', '--sysfs', '/dev/zero'],
    /^pmumap: --sysfs '\/dev\/zero': a character device, not a regular file$/,
  ],
  [
    'host --sysfs FIFO',
    () => ['host', '--sysfs', fifo(join(fresh('sysfs-fifo'), 'snap.json'))],
    /^pmumap: --sysfs '.*snap\.json': a FIFO, not a regular file$/,
  ],
  [
    'host --sysfs snapshot past the limit',
    () => [
      'host',
      '--sysfs',
      sparse(join(fresh('sysfs-big'), 'snap.json'), INPUT_LIMITS.snapshot + 1),
    ],
    /^pmumap: --sysfs '.*snap\.json': 64 MiB, larger than the 64 MiB limit$/,
  ],
  [
    'a FIFO attribute inside a sysfs tree',
    () => ['host', '--sysfs', treeWith('attr-fifo', fifo)],
    /^pmumap: --sysfs '.*attr-fifo': 'bus\/event_source\/devices\/armv8_pmuv3_0\/type': a FIFO, not a regular file$/,
  ],
  [
    'an attribute linked to /dev/zero',
    () => ['host', '--sysfs', treeWith('attr-zero', (p) => symlinkSync('/dev/zero', p))],
    /^pmumap: --sysfs '.*attr-zero': 'bus\/event_source\/devices\/armv8_pmuv3_0\/type': a character device, not a regular file$/,
  ],
  [
    'verify --expect FIFO',
    () => [
      'verify',
      'test/fixtures/cpuid/icelake-client-i7-1065G7.txt',
      '--expect',
      fifo(join(fresh('expect-fifo'), 'expect.json')),
    ],
    /^pmumap: cannot read --expect '.*expect\.json': a FIFO, not a regular file$/,
  ],
  [
    'verify --expect /dev/urandom',
    () => [
      'verify',
      'test/fixtures/cpuid/icelake-client-i7-1065G7.txt',
      '--expect',
      '/dev/urandom',
    ],
    /^pmumap: cannot read --expect '\/dev\/urandom': a character device, not a regular file$/,
  ],
  [
    'verify on a folder holding a FIFO dump',
    () => {
      const dir = fresh('verify-fifo');
      fifo(join(dir, 'a.txt'));
      return ['verify', dir];
    },
    /^pmumap: cannot read dump '.*a\.txt': a FIFO, not a regular file$/,
  ],
  [
    'import with a FIFO vendor JSON',
    () => {
      const dir = fresh('vendor-fifo');
      mkdirSync(join(dir, 'data/pmu'), { recursive: true });
      fifo(join(dir, 'data/pmu/cortex-z1.json'));
      return ['import', 'arm-data', join(dir, 'data'), '--out', join(dir, 'out')];
    },
    /^pmumap: '.*data\/pmu\/cortex-z1\.json': a FIFO, not a regular file$/,
  ],
  [
    'import with a vendor JSON past the limit',
    () => {
      const dir = fresh('vendor-big');
      mkdirSync(join(dir, 'data/pmu'), { recursive: true });
      sparse(join(dir, 'data/pmu/cortex-z1.json'), INPUT_LIMITS.vendorJson + 1);
      return ['import', 'arm-data', join(dir, 'data'), '--out', join(dir, 'out')];
    },
    /^pmumap: '.*cortex-z1\.json': 32 MiB, larger than the 32 MiB limit$/,
  ],
  [
    'import with SOURCE.txt linked to /dev/zero',
    () => {
      const dir = fresh('vendor-source');
      mkdirSync(join(dir, 'data/pmu'), { recursive: true });
      symlinkSync('/dev/zero', join(dir, 'data/SOURCE.txt'));
      return ['import', 'arm-data', join(dir, 'data'), '--out', join(dir, 'out')];
    },
    /^pmumap: '.*data\/SOURCE\.txt': a character device, not a regular file$/,
  ],
];

describe('a FIFO, a device or a file past its limit, as any input', () => {
  it.each(cases)(
    '%s: one line, exit 2, within a second',
    (_name, argv, line) => {
      const r = runIsolated(argv(), { cacheDir: cache });
      expect(r.signal).toBeNull();
      expect(r.stderr.trimEnd()).toMatch(line);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.status).toBe(2);
      // A blocked open or read would run into the 20 s timeout; the built CLI
      // answers these in well under a second, but this child also transforms
      // every module it loads through tsx, which a loaded machine stretches.
      expect(r.ms).toBeLessThan(3000);
      expect(r.stdout).toBe('');
    },
    30_000,
  );
});

describe('what a reader prints of a file that is not its kind', () => {
  it('an --expect file that is not JSON: its position, never its text', async () => {
    const path = join(fresh('expect-secret'), 'secret.txt');
    writeFileSync(path, 'root:SECRET-HASH:20000:0:99999:7:::\n');
    const r = await cli(
      ['verify', 'test/fixtures/cpuid/icelake-client-i7-1065G7.txt', '--expect', path],
      ROOT,
      cache,
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^pmumap: cannot read --expect '.*secret\.txt': not valid JSON/);
    expect(r.stderr).not.toContain('SECRET');
    expect(r.stderr).not.toContain('root');
  });
});
