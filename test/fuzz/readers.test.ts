/**
 * Every reader of outside input with malformed data: CPUID dumps, the
 * verify --expect JSON, sysfs trees (as snapshots) and CPU lists. Each
 * gives a result, a reported problem or a UsageError naming the input;
 * never another exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/io/usage-error.ts';
import { parseDump } from '../../src/host/cpuid-dump.ts';
import { parseExpectations } from '../../src/cli/expectations.ts';
import { parseCpuList } from '../../src/host/cpu-list.ts';
import { planHost } from '../../src/query/host-plan.ts';
import { readHost } from '../../src/host/read-host.ts';
import type { Snapshot } from '../../src/host/sysfs-source.ts';
import { SNAPSHOT_FORMAT, snapshotProblem, snapshotSource } from '../../src/host/sysfs-source.ts';
import { shipped } from '../helpers.ts';
import { FUZZ_TIMEOUT, fuzzParams } from './config.ts';

const DUMP_LINES = [
  '   0x0000000a 0x00: eax=0x08300806 ebx=0x00000000 ecx=0x00000077 edx=0x00008603',
  'CPU 0:',
  'CPUID 0000000A:00 = 08300806 00000000 00000077 00008603',
  '0000000A 08300806-00000000-00000077-00008603',
  '<cpuid leaf="10">',
  '   0x0000000a 0x00: eax=0xzz ebx=',
  'CPUID 0000000A:00 = 08300806',
  '# comment',
];

describe('fuzz: the readers', () => {
  it(
    'parses any CPUID dump text to CPUs or nothing',
    () => {
      const text = fc
        .tuple(
          fc.array(
            fc.oneof(
              fc.constantFrom(...DUMP_LINES),
              fc.string({ maxLength: 60 }),
              fc.string({ unit: 'binary', maxLength: 30 }),
            ),
            { maxLength: 20 },
          ),
          fc.boolean(),
        )
        .map(([ls, crlf]) => ls.join(crlf ? '\r\n' : '\n'));
      fc.assert(
        fc.property(text, (t) => {
          const cpus = parseDump(t);
          expect(Array.isArray(cpus)).toBe(true);
        }),
        fuzzParams(300),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'checks any --expect JSON field by field (a UsageError, never a crash)',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            fc.array(
              fc.dictionary(
                fc.constantFrom(
                  'dump',
                  'leaf',
                  'cpus',
                  'cite',
                  'fixedCounters',
                  'guestFixedAtLeast',
                  'agree',
                  'warnings',
                ),
                fc.jsonValue(),
              ),
            ),
          ),
          (doc) => {
            try {
              parseExpectations(doc, 'fuzz.json');
            } catch (e) {
              expect(e).toBeInstanceOf(UsageError);
            }
          },
        ),
        fuzzParams(300),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'plans any sysfs snapshot, reporting bad files as problems',
    () => {
      const { model, tables } = shipped();
      const names = [
        'armv8_cortex_a55',
        'armv9_cortex_x2',
        'apple_icestorm_pmu',
        'cpu',
        'cpu_core',
        'cpu_atom',
        'software',
        'arm_spe_0',
        '..',
        '',
      ];
      const file = fc.oneof(
        fc.constantFrom(
          '8\n',
          '0-3\n',
          '0-x',
          '7-3',
          '',
          'event=0x11\n',
          '0x00000000410fd050\n',
          '99999999999',
          '0-8191',
          '0-8192',
        ),
        fc.string({ maxLength: 12 }),
      );
      const device = fc.tuple(
        fc.constantFrom(...names),
        fc.dictionary(
          fc.constantFrom(
            'type',
            'cpus',
            'cpumask',
            'events/cpu_cycles',
            'events/inst_retired',
            'caps/slots',
            'format/event',
          ),
          fc.option(file, { nil: null }),
        ),
      );
      const snapshot = fc
        .tuple(
          fc.array(device, { maxLength: 5 }),
          fc.option(file, { nil: null }),
          fc.option(file, { nil: null }),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), file), { maxLength: 4 }),
        )
        .map(([devices, possible, online, midrs]) => {
          const dirs: Record<string, string[] | null> = {
            'bus/event_source/devices': devices.map(([n]) => n),
          };
          const files: Record<string, string | null> = {
            'devices/system/cpu/possible': possible,
            'devices/system/cpu/online': online,
          };
          for (const [n, fs] of devices) {
            for (const [k, v] of Object.entries(fs))
              files[`bus/event_source/devices/${n}/${k}`] = v;
            for (const sub of ['events', 'caps', 'format'])
              dirs[`bus/event_source/devices/${n}/${sub}`] = Object.keys(fs)
                .filter((k) => k.startsWith(`${sub}/`))
                .map((k) => k.slice(sub.length + 1));
          }
          for (const [cpu, v] of midrs)
            files[`devices/system/cpu/cpu${cpu}/regs/identification/midr_el1`] = v;
          return { format: SNAPSHOT_FORMAT, dirs, files } satisfies Snapshot;
        });
      const cpuFiles = model.archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
      fc.assert(
        fc.property(snapshot, (s) => {
          expect(snapshotProblem(s)).toBeUndefined();
          const host = readHost(snapshotSource(s, 'fuzz'), cpuFiles);
          const plan = planHost(tables, host);
          expect(['set-pmu', 'fixed-counters-only', 'x86-vpmu', 'none']).toContain(plan.plan);
          for (const p of host.problems) expect(p.path.length).toBeGreaterThan(0);
        }),
        fuzzParams(300),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'rejects any JSON that is not a snapshot with a reason, and parses any CPU list or says why not',
    () => {
      fc.assert(
        fc.property(fc.jsonValue(), fc.string({ maxLength: 30 }), (json, list) => {
          const why = snapshotProblem(json);
          if (why !== undefined) expect(why.length).toBeGreaterThan(0);
          const r = parseCpuList(list);
          if (r.ok) for (const c of r.cpus) expect(c).toBeLessThan(8192);
          else expect(r.why.length).toBeGreaterThan(0);
        }),
        fuzzParams(500),
      );
    },
    FUZZ_TIMEOUT,
  );
});
