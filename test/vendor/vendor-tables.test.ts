/**
 * The checked-in vendor tables (tables/vendor): re-importing the data in
 * ../shared/data reproduces them byte for byte, they compile, and the
 * cross-checks report what the vendor files themselves show: every Intel
 * core whose "Fixed counter k" records are not 0..n-1 (counted from the
 * file's INST_RETIRED.ANY, fixed counter 0 in the SDM) (Clearwater Forest
 * and Panther Lake Darkmont lack counter 3, DOMAIN.md 9 items 15-16 and
 * reference thread 004) gets PM2602, and no other core does.
 */
import { VENDOR_DATA } from './data-dir.ts';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectReport } from '../../src/query/report/collect.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { compiledTables, ROOT } from '../helpers.ts';
import { cli } from '../cli/run-cli.ts';

const DATA = VENDOR_DATA;

function sameDir(a: string, b: string): void {
  const names = readdirSync(a).sort();
  expect(readdirSync(b).sort()).toEqual(names);
  for (const n of names)
    expect(readFileSync(join(b, n), 'utf8'), n).toBe(readFileSync(join(a, n), 'utf8'));
}

describe('vendor tables', () => {
  for (const [kind, data, dir] of [
    ['arm-data', 'arm-software-data', 'tables/vendor/arm'],
    ['intel-perfmon', 'intel-perfmon', 'tables/vendor/intel'],
  ] as const) {
    it(`re-importing ${data} reproduces ${dir}`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'pmumap-vendor-'));
      const r = await cli(['import', kind, join(DATA, data), '--out', out]);
      expect(r.status).toBe(0);
      sameDir(join(ROOT, dir), out);
    }, 60_000);
  }

  it('flags exactly the Intel cores whose fixed counters are not a prefix', async () => {
    // The oracle: the vendor JSON's "Counter": "Fixed counter k" records.
    const expected: string[] = [];
    const root = join(DATA, 'intel-perfmon');
    for (const d of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const f of readdirSync(join(root, d.name, 'events')).filter((n) =>
        n.endsWith('_core.json'),
      )) {
        const events = JSON.parse(readFileSync(join(root, d.name, 'events', f), 'utf8')).Events as {
          Counter?: string;
          EventName?: string;
        }[];
        const fixedIndex = (e: { Counter?: string }) =>
          /^Fixed counter (\d+)$/.exec(e.Counter ?? '')?.[1];
        // The SDM puts INST_RETIRED.ANY on fixed counter 0; the files that
        // call it "Fixed counter 1" number from 1.
        const base = Number(
          fixedIndex(events.find((e) => e.EventName === 'INST_RETIRED.ANY') ?? {}) ?? 0,
        );
        const fixed = [
          ...new Set(events.flatMap((e) => fixedIndex(e) ?? []).map((k) => Number(k) - base)),
        ].sort((a, b) => a - b);
        if (fixed.some((v, i) => v !== i)) expected.push(`${d.name}/events/${f}`);
      }
    }
    expect(expected).toContain('CWF/events/clearwaterforest_core.json');
    expect(expected).toContain('PTL/events/pantherlake_darkmont_core.json');
    const result = await compiledTables(['tables/vendor/intel']);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const flagged = result.diagnostics
      .filter((d) => d.code === 'PM2602')
      .map((d) => /\(vendor: (\S+) record/.exec(d.message)?.[1] ?? '')
      .sort();
    expect(flagged).toEqual(expected.sort());
    const cwf = result.diagnostics.find(
      (d) => d.code === 'PM2602' && d.message.includes("'clearwaterforest'"),
    );
    expect(cwf?.message).toMatch(
      /fixed counters \{0, 1, 2, 4, 5, 6\} \(mask 0x77\), not a prefix: counter 3 is missing/,
    );
    expect(cwf?.message).toMatch(/\(mask 0x77\)/);
    expect(cwf?.message).toMatch(/sees only \{0, 1, 2\}/);
    // PM2606: every reader of that leaf, as the tables' vendor item binds it
    // (Clearwater Forest's own leaf): DOMAIN.md's example says the SDM uses
    // 0x77 and KVM offers a guest 0x7. Every core with a hole gets one.
    const readers = result.diagnostics.filter((d) => d.code === 'PM2606');
    const cwfReaders = readers.find((d) => d.message.includes("core 'clearwaterforest'"));
    expect(cwfReaders?.message).toContain('ecx = 0x77, edx = 0x8603');
    expect(cwfReaders?.message).toMatch(/\bsdm 0x77\b/);
    expect(cwfReaders?.message).toMatch(/\bkvm-legacy 0x7\b/);
    const holes = result.diagnostics
      .filter((d) => d.code === 'PM2602')
      .map((d) => /core '(\w+)'/.exec(d.message)?.[1]);
    const disagreeing = new Set(readers.map((d) => /core '(\w+)'/.exec(d.message)?.[1]));
    for (const core of holes) expect(disagreeing.has(core), core).toBe(true);
    // The report shows the same hole for a reader of the vendor tables.
    if (!result.model) throw new Error('no model');
    const cores = collectReport(result.model, loadTables(result.model)).cores;
    expect(cores.find((c) => c.name === 'clearwaterforest')).toMatchObject({
      fixed: [0, 1, 2, 4, 5, 6],
      holes: [3],
    });
    expect(cores.find((c) => c.name === 'pantherlake_darkmont')?.holes).toEqual([3]);
  }, 120_000);

  it('compiles the Arm cores, flagging architectural claims the PMUv3 table does not share', async () => {
    const result = await compiledTables(['tables/vendor/arm']);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mismatches = result.diagnostics.filter((d) => d.code === 'PM2601');
    // ARM-software/data marks Rainier's IMPDEF 0x208-0x230 events architectural.
    expect(mismatches.some((d) => d.message.includes("core 'rainier'"))).toBe(true);
    // Cortex-A55's architectural events all agree with the PMUv3 table.
    expect(mismatches.filter((d) => d.message.includes("core 'cortex_a55'"))).toEqual([]);
  }, 120_000);

  it("flags the common events a core's manual or its architecture version says it lacks", async () => {
    // The oracle: the vendor JSON's own records. ARM-software/data#4 quotes
    // the Cortex-A9 TRM (0x08 and 0x0E not implemented); Armv7 defines common
    // events 0x00-0x1D only (pmu/common_armv7.json agrees).
    const pmuDir = join(DATA, 'arm-software-data', 'pmu');
    const expected: string[] = [];
    for (const f of readdirSync(pmuDir).filter((n) => n.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(join(pmuDir, f), 'utf8')) as {
        architecture?: string;
        events?: { code?: number | string; architectural?: boolean }[];
      };
      if (f.startsWith('common') || !doc.events) continue;
      doc.events.forEach((e, i) => {
        const code = typeof e.code === 'string' ? parseInt(e.code, 16) : e.code;
        if (code === undefined || !e.architectural) return;
        const a9 = f === 'cortex-a9.json' && (code === 0x08 || code === 0x0e);
        const v7 = /^armv7-[ar]$/.test(doc.architecture ?? '') && code >= 0x1e && code <= 0x3f;
        if (a9 || v7) expected.push(`pmu/${f} record ${i}`);
      });
    }
    expect(expected).toEqual(['pmu/cortex-a9.json record 8', 'pmu/cortex-a9.json record 14']);
    const result = await compiledTables(['tables/vendor/arm', 'tables/vendor/arm-manuals.pmumap']);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const flagged = result.diagnostics
      .filter((d) => d.code === 'PM2605')
      .map((d) => /\(vendor: (.+)\)$/.exec(d.message)?.[1] ?? '');
    expect(flagged.sort()).toEqual(expected.sort());
  }, 120_000);
});
