/**
 * The report and diff over the vendor tables: each core's generic perf
 * mappings agree with the vendor's own JSON (an encoding is "listed" exactly
 * when the vendor file has a plain record with it), and each system's shared
 * encodings are the ones every core's vendor file lists. Expected values
 * come from the vendor files and from the kernel maps DOMAIN.md quotes
 * (armv8_pmuv3_perf_map, intel_perfmon_event_map), never from our output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSources } from '../../src/project/sources.ts';
import { compile } from '../../src/compile.ts';
import type { Model } from '../../src/model/model.ts';
import { compareCoreGeneric } from '../../src/diff/compare-core-generic.ts';
import { coreGeneric } from '../../src/query/core-generic.ts';
import { systemShares } from '../../src/query/core-systems.ts';
import { loadTables, type Tables } from '../../src/runtime/tables.ts';
import { compiledTables, ROOT } from '../helpers.ts';
import { VENDOR_DATA } from './data-dir.ts';

let model: Model;
let tables: Tables;

beforeAll(async () => {
  const result = await compiledTables(['tables', 'tables/vendor']);
  if (!result.model) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
  model = result.model;
  tables = loadTables(model);
}, 120_000);

type IntelRecord = Record<string, string | undefined>;

function vendorJson(source: string, intel: boolean): unknown {
  const dir = intel ? join(VENDOR_DATA, 'intel-perfmon') : join(VENDOR_DATA, 'arm-software-data');
  return JSON.parse(readFileSync(join(dir, source), 'utf8'));
}

/** Encodings the vendor file lists as plain records (umask << 8 | code; no cmask/inv/edge/any). */
function intelEncodings(source: string): Set<bigint> {
  const events = (vendorJson(source, true) as { Events: IntelRecord[] }).Events;
  const plain = (v: string | undefined) => v === undefined || v === '' || /^0x0*$|^0$/i.test(v);
  const out = new Set<bigint>();
  for (const e of events) {
    if (!['CounterMask', 'Invert', 'EdgeDetect', 'AnyThread'].every((k) => plain(e[k]))) continue;
    if (e['MSRIndex'] && !plain(e['MSRIndex'])) continue;
    const code = BigInt((e['EventCode'] ?? '').split(',')[0] ?? '0');
    const umask = BigInt((e['UMask'] ?? '').split(',')[0] ?? '0');
    out.add((umask << 8n) | code);
  }
  return out;
}

function armCodes(source: string): Set<bigint> {
  const events = (vendorJson(source, false) as { events: { code?: number | string }[] }).events;
  return new Set(
    events.flatMap((e) =>
      e.code === undefined
        ? []
        : [BigInt(typeof e.code === 'string' ? parseInt(e.code, 16) : e.code)],
    ),
  );
}

describe('generic perf events per vendor core', () => {
  it('say "listed" exactly when the vendor file has a plain record with the encoding', () => {
    let checked = 0;
    for (const core of model.cores) {
      const g = coreGeneric(model, tables, core);
      if (!g || !core.source) continue;
      const intel = core.pmu === 'intel_core';
      const vendor = intel ? intelEncodings(core.source) : armCodes(core.source);
      for (const row of g.rows) {
        if (row.value === undefined) continue;
        expect(row.listed.length > 0, `${core.name} ${row.generic} ${row.value}`).toBe(
          vendor.has(BigInt(row.value)),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('maps Intel ids through intel_perfmon_event_map whatever the core (DOMAIN.md 5.5)', () => {
    const expected: Record<string, string> = {
      CPU_CYCLES: '0x3c',
      INSTRUCTIONS: '0xc0',
      CACHE_REFERENCES: '0x4f2e',
      CACHE_MISSES: '0x412e',
      BRANCH_INSTRUCTIONS: '0xc4',
      BRANCH_MISSES: '0xc5',
      BUS_CYCLES: '0x13c',
      REF_CPU_CYCLES: '0x300',
    };
    const icelake = model.cores.find((c) => c.name === 'icelake');
    const g = icelake && coreGeneric(model, tables, icelake);
    for (const [id, value] of Object.entries(expected))
      expect(g?.rows.find((r) => r.generic === id)?.value, id).toBe(value);
    // Ice Lake's file lists LONGEST_LAT_CACHE.MISS (0x2e:0x41) but not .REFERENCE (0x2e:0x4f).
    expect(g?.rows.find((r) => r.generic === 'CACHE_REFERENCES')?.listed).toEqual([]);
    expect(g?.rows.find((r) => r.generic === 'CACHE_MISSES')?.listed[0]?.name).toBe(
      'LONGEST_LAT_CACHE.MISS',
    );
    // 0x0300 is fixed counter 2's event, CPU_CLK_UNHALTED.REF_TSC.
    expect(g?.rows.find((r) => r.generic === 'REF_CPU_CYCLES')?.listed[0]?.name).toMatch(
      /^CPU_CLK_UNHALTED\.REF_TSC \(fixed counter 2\)$/,
    );
  });

  it('leaves Armv7 cores to arch/arm, which the tables do not model', () => {
    const a9 = model.cores.find((c) => c.name === 'cortex_a9');
    expect(a9 && coreGeneric(model, tables, a9)).toBeUndefined();
  });
});

describe('systems', () => {
  it('A55+A76 and A510+A710+X2 map every generic id alike, as armv8_pmuv3_perf_map says', () => {
    // armv8_pmuv3_perf_map (DOMAIN.md 3.x); BRANCH_INSTRUCTIONS is BR_RETIRED
    // (0x21) on v6.12+ when PMCEID has it, which every one of these cores lists.
    const kernel: Record<string, string> = {
      CPU_CYCLES: '0x11',
      INSTRUCTIONS: '0x8',
      CACHE_REFERENCES: '0x4',
      CACHE_MISSES: '0x3',
      BRANCH_INSTRUCTIONS: '0x21',
      BRANCH_MISSES: '0x10',
      BUS_CYCLES: '0x1d',
      STALLED_CYCLES_FRONTEND: '0x23',
      STALLED_CYCLES_BACKEND: '0x24',
    };
    const shares = systemShares(model, tables);
    for (const name of ['a55_a76', 'a510_a710_x2']) {
      const s = shares.find((x) => x.name === name);
      expect(s, name).toBeDefined();
      for (const [id, value] of Object.entries(kernel))
        expect(s?.generic.find((g) => g.generic === id)?.shared, `${name} ${id}`).toBe(value);
      expect(s?.generic.find((g) => g.generic === 'REF_CPU_CYCLES')?.shared).toBeUndefined();
    }
  });

  it('finds Alder Lake encodings whose names differ between the P-core and the E-core', () => {
    const names = (source: string, enc: bigint) =>
      (vendorJson(source, true) as { Events: IntelRecord[] }).Events.filter(
        (e) =>
          ((BigInt((e['UMask'] ?? '0').split(',')[0] ?? '0') << 8n) |
            BigInt((e['EventCode'] ?? '0').split(',')[0] ?? '0')) ===
            enc && (e['CounterMask'] ?? '0') === '0',
      ).map((e) => e['EventName']);
    const gracemont = names('ADL/events/alderlake_gracemont_core.json', 0x80c4n);
    const goldencove = names('ADL/events/alderlake_goldencove_core.json', 0x80c4n);
    expect(gracemont).toContain('BR_INST_RETIRED.TAKEN');
    expect(goldencove).toContain('BR_INST_RETIRED.INDIRECT');
    const adl = systemShares(model, tables).find((s) => s.name === 'adl');
    expect(adl?.cores.map((c) => c.name).sort()).toEqual([
      'alderlake_goldencove',
      'alderlake_gracemont',
    ]);
    expect(adl?.differentNames.find((d) => d.encoding === '0x80c4')?.names.join(' | ')).toMatch(
      /BR_INST_RETIRED\.TAKEN.*\|.*BR_INST_RETIRED\.INDIRECT/,
    );
  });
});

describe('diff over vendor cores', () => {
  it('reports a generic mapping that becomes listed when a core gains the encoding', () => {
    const base = readSources(ROOT, [
      'tables/linux',
      'tables/x86',
      'tables/vendor/intel/icelake.pmumap',
    ]);
    const edited = base.map((f) =>
      f.path.endsWith('icelake.pmumap')
        ? {
            ...f,
            text: f.text.replace(
              /\n\}\n$/,
              '\n  event 0x2e:0x4f "LONGEST_LAT_CACHE.REFERENCE" @9999\n}\n',
            ),
          }
        : f,
    );
    const a = compile(base).model;
    const b = compile(edited).model;
    if (!a || !b) throw new Error('does not compile');
    const changes = compareCoreGeneric(
      { model: a, tables: loadTables(a) },
      { model: b, tables: loadTables(b) },
    );
    expect(changes.map((c) => [c.subject, c.from, c.to])).toEqual([
      [
        'core icelake: CACHE_REFERENCES',
        '0x4f2e (not listed)',
        '0x4f2e (LONGEST_LAT_CACHE.REFERENCE)',
      ],
    ]);
  }, 60_000);
});
