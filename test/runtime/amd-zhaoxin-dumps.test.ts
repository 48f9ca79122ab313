/**
 * Real AMD, Hygon and Zhaoxin CPUID dumps (test/fixtures/cpuid-amd, each
 * with its public source in README.md) read by the tables' AMD and Zhaoxin
 * readers, against expect.json, which was worked out by hand from the
 * kernel rules (amd_pmu_init, amd_core_pmu_init, amd_pmu_event_map before
 * and after v6.9, svm_set_cpu_caps and cpuid.c case 0x80000022,
 * zhaoxin_pmu_init). The registers are bound here by leaf, so these
 * answers do not depend on any command's plumbing; then `pmumap cpu x86
 * --dump` is held to the same expectations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leafOf, readDump } from '../../src/host/cpuid-dump.ts';
import type { DumpCpu } from '../../src/host/cpuid-dump.ts';
import { runConsumer } from '../../src/runtime/run.ts';
import type { RunResult } from '../../src/runtime/run-result.ts';
import type { Value } from '../../src/runtime/values.ts';
import { cli } from '../cli/run-cli.ts';
import { ROOT, shipped } from '../helpers.ts';

const DIR = join(ROOT, 'test/fixtures/cpuid-amd');

interface PerfExpect {
  driver: string;
  version: number;
  gpCounters: number;
  fixedCounters: number[];
  eventsel?: string;
  stride?: number;
}
interface KvmExpect {
  perfctrCore: boolean;
  leaf80000022: { eax: string; ebx: string; ecx: string; edx: string } | null;
  version: number;
  gpCounters: number;
}
interface Case {
  dump: string;
  cpu: string;
  vendor: string;
  family: number;
  model: number;
  perf: PerfExpect;
  generic?: Record<string, Record<string, string | null>>;
  kvm?: Record<string, KvmExpect>;
  warnsHypervisor?: boolean;
  cite?: string;
}

const cases = (JSON.parse(readFileSync(join(DIR, 'expect.json'), 'utf8')) as { cases: Case[] })
  .cases;

/** The dump's registers as the readers' inputs (a missing leaf reads as 0, as on the CPU). */
function inputsOf(cpu: DumpCpu): Record<string, bigint> {
  const reg = (leaf: number, i: number): bigint => BigInt(leafOf(cpu, leaf)?.[i] ?? 0);
  const extMax = reg(0x80000000, 0);
  const ext = (leaf: number, i: number): bigint => (extMax >= BigInt(leaf) ? reg(leaf, i) : 0n);
  return {
    vendor_ebx: reg(0, 1),
    vendor_ecx: reg(0, 2),
    vendor_edx: reg(0, 3),
    signature: reg(1, 0),
    features: reg(1, 2),
    eax: reg(0xa, 0),
    ebx: reg(0xa, 1),
    edx: reg(0xa, 3),
    ext_max: extMax,
    ext_features: ext(0x80000001, 2),
    ext_perfmon_eax: ext(0x80000022, 0),
    ext_perfmon_ebx: ext(0x80000022, 1),
  };
}

function run(consumer: string, iface: string, inputs: Record<string, Value>): RunResult {
  return runConsumer(shipped().tables, consumer, inputs, iface);
}

const GENERIC: Record<string, string> = {
  'cpu-cycles': 'CPU_CYCLES',
  instructions: 'INSTRUCTIONS',
  'cache-references': 'CACHE_REFERENCES',
  'cache-misses': 'CACHE_MISSES',
  'branch-instructions': 'BRANCH_INSTRUCTIONS',
  'branch-misses': 'BRANCH_MISSES',
  'bus-cycles': 'BUS_CYCLES',
  'stalled-cycles-frontend': 'STALLED_CYCLES_FRONTEND',
  'stalled-cycles-backend': 'STALLED_CYCLES_BACKEND',
  'ref-cycles': 'REF_CPU_CYCLES',
};

/** The PERF_COUNT_HW_* id of a perf name, from the shipped perf target. */
function perfId(name: string): bigint {
  const enumName = GENERIC[name];
  const ids = shipped()
    .model.targets.flatMap((t) => t.types)
    .find((t) => t.name === 'HARDWARE')?.ids;
  const id = ids?.find((i) => i.name === enumName);
  if (!id) throw new Error(`no perf id ${name}`);
  return BigInt(id.value);
}

const hex = (v: Value | undefined): string => `0x${(v as bigint).toString(16)}`;
const bitsOf = (v: Value | undefined): number[] =>
  [...Array(64).keys()].filter((i) => (((v as bigint) >> BigInt(i)) & 1n) === 1n);

describe('real AMD, Hygon and Zhaoxin dumps read as expect.json says', () => {
  it('has a Zen 2, a Zen 4 with PerfMonV2, a Hygon and a Zhaoxin', () => {
    expect(cases.map((c) => c.dump)).toEqual(
      expect.arrayContaining([
        'zen2-ryzen5-3600-matisse.txt',
        'zen4-epyc-9124-genoa.txt',
        'hygon-c86-3185-dhyana.txt',
        'zhaoxin-kx-u6780a-zxe.txt',
      ]),
    );
  });

  for (const c of cases) {
    const parsed = readDump(readFileSync(join(DIR, c.dump), 'utf8'));
    const cpu = parsed.cpus.find((x) => x.label === c.cpu);
    const zhaoxin = c.vendor === 'CENTAUR' || c.vendor === 'ZHAOXIN';
    const prefix = zhaoxin ? 'zhaoxin' : 'amd';

    it(`${c.dump}: the dump parses, with the family and model the kernel reads`, () => {
      expect(parsed.notes.filter((n) => n.severity === 'error')).toEqual([]);
      expect(cpu).toBeDefined();
      const id = run('linux', 'x86_identity', inputsOf(cpu!) as Record<string, Value>);
      expect(hex(id.outputs['family'])).toBe(hex(BigInt(c.family)));
      expect(hex(id.outputs['model'])).toBe(hex(BigInt(c.model)));
    });

    it(`${c.dump}: perf's driver and counters`, () => {
      const r = run('linux-perf', `${prefix}_cpu_perf`, inputsOf(cpu!) as Record<string, Value>);
      expect(r.outcome?.kind).toBe('perf');
      const driver = r.outputs['driver'] as bigint;
      const names = ['NONE', 'AMD', 'HYGON', 'ZHAOXIN'];
      expect(names[Number(driver)]).toBe(c.perf.driver);
      expect(Number(r.outputs['version'])).toBe(c.perf.version);
      expect(Number(r.outputs['gp_counters'])).toBe(c.perf.gpCounters);
      expect(bitsOf(r.outputs['fixed_counters'])).toEqual(c.perf.fixedCounters);
      if (c.perf.eventsel) expect(hex(r.outputs['eventsel'])).toBe(c.perf.eventsel);
      if (c.perf.stride !== undefined) expect(Number(r.outputs['stride'])).toBe(c.perf.stride);
      expect(r.warnings.some((w) => w.message.includes('check_hw_exists'))).toBe(
        c.warnsHypervisor === true,
      );
    });

    for (const [generation, events] of Object.entries(c.generic ?? {})) {
      const consumer = generation === 'v6.8' ? 'linux-perf-6.8' : 'linux-perf';
      it(`${c.dump}: the generic events perf programs (${generation})`, () => {
        const got: Record<string, string | null> = {};
        for (const name of Object.keys(events)) {
          const r = run(consumer, `${prefix}_cpu_generic`, {
            ...(inputsOf(cpu!) as Record<string, Value>),
            perf_id: perfId(name),
          });
          got[name] = r.outcome?.kind === 'perf' ? hex(r.outcome.attr['config']) : null;
          if (r.outcome?.kind === 'refused') expect(r.outcome.code).toBe('UNSUPPORTED');
        }
        expect(got).toEqual(events);
      });
    }

    for (const [consumer, want] of Object.entries(c.kvm ?? {})) {
      it(`${c.dump}: what ${consumer} offers a guest`, () => {
        const r = run(consumer, 'amd_cpu_kvm', inputsOf(cpu!) as Record<string, Value>);
        expect(r.outcome?.kind).toBe('software');
        expect(r.outputs['guest_eax']).toBe(0n);
        expect(r.outputs['guest_edx']).toBe(0n);
        expect(((r.outputs['guest_ext_features'] as bigint) >> 23n) & 1n).toBe(
          want.perfctrCore ? 1n : 0n,
        );
        const leaf = r.outputs['guest_perfmon']
          ? {
              eax: hex(r.outputs['guest_perfmon_eax']),
              ebx: hex(r.outputs['guest_perfmon_ebx']),
              ecx: hex(r.outputs['guest_perfmon_ecx']),
              edx: hex(r.outputs['guest_perfmon_edx']),
            }
          : null;
        expect(leaf).toEqual(want.leaf80000022);
        expect(Number(r.outputs['version'])).toBe(want.version);
        expect(Number(r.outputs['gp_counters'])).toBe(want.gpCounters);
        expect(r.outputs['fixed_counters']).toBe(0n);
      });
    }
  }
});

describe('pmumap cpu x86 on the same dumps', () => {
  for (const c of cases) {
    it(`${c.dump}: perf and its generic events as expect.json says (--kernel 6.8 takes the Family 17h map)`, async () => {
      const file = join(DIR, c.dump);
      const answerOf = async (extra: string[]) => {
        const r = await cli(['cpu', 'x86', '--dump', file, '--json', ...extra]);
        expect(r.status).toBe(0);
        const j = JSON.parse(r.stdout) as {
          answers: {
            cpus: string[];
            family: number;
            model: number;
            perf: Record<string, unknown>;
          }[];
        };
        const a = j.answers.find((x) => x.cpus.includes(c.cpu));
        expect(a).toBeDefined();
        return a!;
      };
      const now = await answerOf([]);
      expect([now.family, now.model]).toEqual([c.family, c.model]);
      expect(now.perf['driver']).toBe(c.perf.driver);
      expect(now.perf['version']).toBe(c.perf.version);
      expect(now.perf['gpCounters']).toBe(c.perf.gpCounters);
      expect(now.perf['fixedCounters']).toEqual(c.perf.fixedCounters);
      if (c.generic?.['v6.9']) expect(now.perf['generic']).toEqual(c.generic['v6.9']);
      if (c.generic?.['v6.8']) {
        const old = await answerOf(['--kernel', '6.8']);
        expect(old.perf['generic']).toEqual(c.generic['v6.8']);
      }
    });
  }
});
