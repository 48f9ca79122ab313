/**
 * The vendor import at its edges (issue 14, "Values are exact"): a code
 * wider than the event space the tables declare for the core's pmu is an
 * error and the record is not written; two vendor files that would write
 * one file (names that differ only in case) or one core identifier, and
 * dot-named files, are handled the same way whatever the listing order,
 * and reported; invalid UTF-8 is a problem naming the file and the byte,
 * never a silent U+FFFD.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importArmData } from '../../src/vendor/arm-data.ts';
import { eventSpacesOf } from '../../src/vendor/core-code-width.ts';
import { firstInvalidUtf8 } from '../../src/vendor/dsl-text.ts';
import { importIntelPerfmon } from '../../src/vendor/intel-perfmon.ts';
import { cli } from '../cli/run-cli.ts';
import { ROOT, shipped } from '../helpers.ts';

type Files = Record<string, string | Uint8Array>;

/** An in-memory data directory; `list` gives names in insertion order (the importers sort). */
function memory(files: Files) {
  return {
    read: (p: string): string | Uint8Array => {
      const t = files[p];
      if (t === undefined) throw new Error(`ENOENT: ${p}`);
      return t;
    },
    list: (d: string): string[] => {
      const prefix = d === '' ? '' : `${d}/`;
      const names = new Set<string>();
      for (const p of Object.keys(files))
        if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0] ?? '');
      if (names.size === 0) throw new Error(`ENOENT: ${d}`);
      return [...names];
    },
  };
}

const armCore = (cpu: string, events: unknown[] = []): string =>
  JSON.stringify({ cpu, cpuid: '0x41d05', architecture: 'armv8.2-a', events });

const intelCore = (events: unknown[]): string =>
  JSON.stringify({ Header: { Info: 'Test' }, Events: events });

const intelEvent = (EventCode: string, UMask: string, EventName: string, Counter = '0,1') => ({
  EventCode,
  UMask,
  EventName,
  Counter,
});

const MAPFILE = 'Family-model,Version,Filename,EventType\n';

describe('event spaces come from the tables', () => {
  it('gives pmuv3 and intel_core the widths the tables declare for their fixed counters’ events', () => {
    const spaces = eventSpacesOf(shipped().model);
    expect(spaces.get('pmuv3')).toEqual({ name: 'pmuv3_event', width: 16 });
    expect(spaces.get('intel_core')).toEqual({ name: 'intel_fixed_event', width: 16 });
  });
});

describe('a code wider than its event space', () => {
  const eventSpaces = eventSpacesOf(shipped().model);

  it('is an error in arm-data, and the record is not written (2^40 on a PMUv3 core)', () => {
    const { read, list } = memory({
      'pmu/a.json': armCore('A', [
        { code: 2 ** 40, name: 'HUGE' },
        { code: 0xffff, name: 'WIDEST' },
        { code: 0x10000, name: 'ONE_PAST' },
      ]),
    });
    const r = importArmData(read, list, 'x', { eventSpaces });
    expect(r.problems).toEqual([
      {
        file: 'pmu/a.json',
        record: 0,
        message:
          "code 0x10000000000 does not fit the 16-bit event space 'pmuv3_event' of pmu 'pmuv3': skipped",
        severity: 'error',
      },
      {
        file: 'pmu/a.json',
        record: 2,
        message:
          "code 0x10000 does not fit the 16-bit event space 'pmuv3_event' of pmu 'pmuv3': skipped",
        severity: 'error',
      },
    ]);
    const text = r.files[0]?.text ?? '';
    expect(text).toContain('"WIDEST" @1');
    expect(text).not.toContain('HUGE');
    // Without the tables' widths (the API's default) nothing is refused.
    expect(importArmData(read, list, 'x').problems).toEqual([]);
  });

  it('is an error in intel-perfmon for a code past the umask or an encoding past the space', () => {
    const { read, list } = memory({
      'mapfile.csv': MAPFILE,
      'T/events/t_core.json': intelCore([
        intelEvent('0x1FF', '0x01', 'CODE_PAST_UMASK'),
        intelEvent('0x3C', '0x1FF', 'UMASK_PAST_SPACE'),
        intelEvent('0xFF', '0xFF', 'WIDEST'),
        intelEvent('0x100', '0x00', 'FIXED_PAST', 'Fixed counter 0'),
      ]),
    });
    const r = importIntelPerfmon(read, list, 'x', { eventSpaces });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
      {
        file: 'T/events/t_core.json',
        record: 0,
        message:
          "code 0x1ff of 0x1ff:0x1 does not fit the 8 bits below the umask (CODE:UMASK is umask << 8 | code) of pmu 'intel_core': skipped",
        severity: 'error',
      },
      {
        file: 'T/events/t_core.json',
        record: 1,
        message:
          "encoding 0x1ff3c (0x3c:0x1ff) does not fit the 16-bit event space 'intel_fixed_event' of pmu 'intel_core': skipped",
        severity: 'error',
      },
      {
        file: 'T/events/t_core.json',
        record: 3,
        message:
          "code 0x100 of 0x100:0x0 does not fit the 8 bits below the umask (CODE:UMASK is umask << 8 | code) of pmu 'intel_core': skipped",
        severity: 'error',
      },
    ]);
    const text = r.files.find((f) => f.name === 't.pmumap')?.text ?? '';
    expect(text).toContain('event 0xff:0xff "WIDEST" @2');
    expect(text).not.toMatch(/PAST/);
  });
});

describe('two vendor files for one generated file or core', () => {
  const files: Files = {
    'pmu/cortex-x.json': armCore('Cortex X lower'),
    'pmu/Cortex-X.json': armCore('Cortex X upper'),
    'pmu/b.json': armCore('B'),
    'pmu/b2.json': armCore('b'),
  };

  it('keeps the first in code-unit order, skips the other and says so, whatever the listing order', () => {
    const forward = memory(files);
    const backward = memory(Object.fromEntries(Object.entries(files).reverse()));
    const a = importArmData(forward.read, forward.list, 'x');
    const b = importArmData(backward.read, backward.list, 'x');
    expect(a).toEqual(b);
    expect(a.files.map((f) => f.name)).toEqual(['Cortex-X.pmumap', 'b.pmumap']);
    expect(a.problems).toEqual([
      {
        file: 'pmu/b2.json',
        message: 'core identifier b is also made from pmu/b.json: skipped',
      },
      {
        file: 'pmu/cortex-x.json',
        message:
          'would write cortex-x.pmumap, which differs only in case from Cortex-X.pmumap (from pmu/Cortex-X.json), one file on a case-insensitive file system: skipped',
      },
    ]);
  });

  it('does the same in intel-perfmon, and keeps hybrid.pmumap for the systems', () => {
    const { read, list } = memory({
      'mapfile.csv': MAPFILE,
      'A/events/Foo_core.json': intelCore([]),
      'B/events/foo_core.json': intelCore([]),
      'C/events/hybrid_core.json': intelCore([]),
    });
    const r = importIntelPerfmon(read, list, 'x');
    expect(r.files.map((f) => f.name)).toEqual(['Foo.pmumap']);
    expect(r.problems.filter((p) => /skipped$/.test(p.message))).toEqual([
      {
        file: 'B/events/foo_core.json',
        message:
          'would write foo.pmumap, which differs only in case from Foo.pmumap (from A/events/Foo_core.json), one file on a case-insensitive file system: skipped',
      },
      {
        file: 'C/events/hybrid_core.json',
        message: 'would write hybrid.pmumap, which mapfile.csv writes: skipped',
      },
    ]);
  });
});

describe('dot-named vendor files', () => {
  const hidden = "the name starts with '.' (a hidden file, which a directory walk skips): skipped";

  it('are skipped and reported (arm-data)', () => {
    const { read, list } = memory({
      'pmu/.a.json': armCore('A'),
      'pmu/.json': armCore('B'),
      'pmu/c.json': armCore('C'),
    });
    const r = importArmData(read, list, 'x');
    expect(r.files.map((f) => f.name)).toEqual(['c.pmumap']);
    expect(r.problems).toEqual([
      { file: 'pmu/.a.json', message: hidden },
      { file: 'pmu/.json', message: hidden },
    ]);
  });

  it('are skipped and reported (intel-perfmon: a file, a folder, a file with no name)', () => {
    const { read, list } = memory({
      'mapfile.csv': MAPFILE,
      '.H/events/h_core.json': intelCore([]),
      'A/events/.a_core.json': intelCore([]),
      'A/events/_core.json': intelCore([]),
      'A/events/a_core.json': intelCore([]),
    });
    const r = importIntelPerfmon(read, list, 'x');
    expect(r.files.map((f) => f.name)).toEqual(['a.pmumap']);
    expect(r.problems.filter((p) => /skipped$/.test(p.message))).toEqual([
      { file: '.H/events', message: hidden },
      { file: 'A/events/.a_core.json', message: hidden },
      { file: 'A/events/_core.json', message: 'no name before _core.json: skipped' },
    ]);
  });
});

describe('invalid UTF-8', () => {
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    Uint8Array.from(
      parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)),
    );

  it('finds the first bad sequence', () => {
    expect(firstInvalidUtf8(bytes('aé日😀'))).toBe(-1);
    expect(firstInvalidUtf8(bytes('ab', [0xff]))).toBe(2);
    expect(firstInvalidUtf8(bytes('a', [0xc0, 0x80]))).toBe(1); // overlong NUL
    expect(firstInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(bytes('ab', [0xe2, 0x82]))).toBe(2); // truncated
    expect(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8(bytes('é', [0x80]))).toBe(2); // a lone continuation byte
  });

  it('is a problem naming the file and the byte, and the file is not written', () => {
    const json = armCore('BAD');
    const at = json.indexOf('BAD');
    const raw = bytes(json.slice(0, at), [0x42, 0xff, 0x44], json.slice(at + 3));
    const { read, list } = memory({
      'pmu/a.json': raw,
      'pmu/b.json': bytes('\ufeff', armCore('B')),
    });
    const r = importArmData(read, list, 'x');
    expect(r.problems).toEqual([
      { file: 'pmu/a.json', message: `invalid UTF-8 at byte ${at + 1} (0xff): file skipped` },
    ]);
    // A byte-order mark is not a name's first character.
    expect(r.files.map((f) => f.name)).toEqual(['b.pmumap']);
    expect(r.files.map((f) => f.text).join('')).not.toContain('\ufffd');
  });

  it('in mapfile.csv leaves the cores without id lines, and says where', () => {
    const { read, list } = memory({
      'mapfile.csv': bytes('Family-model,Version,Filename,EventType\n', [0xfe]),
      'A/events/a_core.json': intelCore([]),
    });
    const r = importIntelPerfmon(read, list, 'x');
    expect(r.problems[0]).toEqual({
      file: 'mapfile.csv',
      message: 'invalid UTF-8 at byte 40 (0xfe): no id lines',
    });
  });
});

describe('pmumap import on the command line', () => {
  /** A tables tree (without vendor/ and generated/) and a data folder, in a temporary directory. */
  function setup(data: Files): { tables: string; dataDir: string; out: string } {
    const tmp = mkdtempSync(join(tmpdir(), 'pmumap-import-edges-'));
    const tables = join(tmp, 'tables');
    for (const e of readdirSync(join(ROOT, 'tables')))
      if (e !== 'vendor' && e !== 'generated')
        cpSync(join(ROOT, 'tables', e), join(tables, e), { recursive: true });
    const dataDir = join(tmp, 'data');
    for (const [rel, content] of Object.entries(data)) {
      mkdirSync(join(dataDir, rel, '..'), { recursive: true });
      writeFileSync(join(dataDir, rel), content);
    }
    return { tables, dataDir, out: join(tables, 'vendor', 'arm') };
  }

  it('exits 1 on a code wider than its event space, writes the rest, and check then passes', async () => {
    const { tables, dataDir, out } = setup({
      'pmu/a.json': armCore('A', [
        { code: 2 ** 40, name: 'HUGE' },
        { code: 0x11, name: 'CPU_CYCLES' },
      ]),
      'pmu/Cortex-X.json': armCore('Cortex X'),
      'pmu/cortex-x.json': armCore('Other X'),
      'pmu/bad.json': Uint8Array.from([0x7b, 0xff, 0x7d]),
    });
    const r = await cli(['import', 'arm-data', dataDir, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "error: pmu/a.json record 0: code 0x10000000000 does not fit the 16-bit event space 'pmuv3_event' of pmu 'pmuv3': skipped\n",
    );
    expect(r.stdout).toContain('  pmu/bad.json: invalid UTF-8 at byte 1 (0xff): file skipped\n');
    expect(r.stdout).toContain(
      '  pmu/cortex-x.json: would write cortex-x.pmumap, which differs only in case',
    );
    expect(r.stdout).not.toMatch(/^\s*skipped /m);
    expect(
      readdirSync(out)
        .filter((n) => n.endsWith('.pmumap'))
        .sort(),
    ).toEqual(['Cortex-X.pmumap', 'a.pmumap']);
    expect(readFileSync(join(out, 'a.pmumap'), 'utf8')).not.toContain('HUGE');
    expect(existsSync(join(out, 'cortex-x.pmumap'))).toBe(false);
    const check = await cli(['check', join(tables, 'vendor')]);
    expect(check.stderr).not.toMatch(/error/);
    expect(check.status).toBe(0);
  }, 60_000);

  it('says it cannot check widths when the tables are not beside the output folder', async () => {
    const { dataDir } = setup({ 'pmu/a.json': armCore('A', [{ code: 2 ** 40, name: 'HUGE' }]) });
    const out = mkdtempSync(join(tmpdir(), 'pmumap-import-out-'));
    const r = await cli(['import', 'arm-data', dataDir, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^note: \.\.\/\.\.\/arm64\/arch\.pmumap is not there from the output folder/,
    );
  }, 60_000);
});
