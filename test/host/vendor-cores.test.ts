/**
 * `pmumap host` with the vendor tables: each core PMU names the vendor
 * cores whose MIDR model is one of its CPUs', and the plan says how many
 * encodings the vendor tables of all those cores list under one name. The
 * oracle is ARM-software/data itself: the codes both JSON files list with a
 * name in common.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planJson } from '../../src/cli/host/format-plan.ts';
import { planHost } from '../../src/query/host-plan.ts';
import { readHost } from '../../src/host/read-host.ts';
import { directorySource } from '../../src/host/sysfs-source.ts';
import { loadTables, type Tables } from '../../src/runtime/tables.ts';
import { compiledTables, ROOT } from '../helpers.ts';
import { VENDOR_DATA } from '../vendor/data-dir.ts';

let tables: Tables;

beforeAll(async () => {
  const result = await compiledTables(['tables', 'tables/vendor/arm']);
  if (!result.model) throw new Error('does not compile');
  tables = loadTables(result.model);
}, 120_000);

function plan(fixture: string) {
  const cpuFiles = tables.model.archs.flatMap((a) => (a.host?.cpu ? [a.host.cpu.path] : []));
  const host = readHost(directorySource(join(ROOT, 'test/fixtures/sysfs', fixture)), cpuFiles);
  return planHost(tables, host);
}

/** Codes every file lists with at least one name they all share. */
function sharedByName(files: readonly string[]): number {
  const maps = files.map((f) => {
    const doc = JSON.parse(readFileSync(join(VENDOR_DATA, 'arm-software-data/pmu', f), 'utf8')) as {
      events: { code?: number; name?: string }[];
    };
    const m = new Map<number, Set<string>>();
    for (const e of doc.events) {
      if (e.code === undefined) continue;
      m.set(e.code, (m.get(e.code) ?? new Set()).add(e.name ?? ''));
    }
    return m;
  });
  let n = 0;
  for (const [code, names] of maps[0] ?? []) {
    if ([...names].some((name) => maps.every((m) => m.get(code)?.has(name)))) n++;
  }
  return n;
}

describe('host plans with the vendor tables', () => {
  it("names each PMU's vendor cores by MIDR and counts what A55 and A76 share", () => {
    const p = plan('arm64-a55-a76');
    const byName = new Map(p.pmus.map((d) => [d.name, d.vendorCores]));
    expect(byName.get('armv8_cortex_a55')).toEqual(['cortex_a55']);
    expect(byName.get('armv8_cortex_a76')).toEqual(['cortex_a76']);
    expect(p.guest.vendor).toEqual({
      cores: ['cortex_a55', 'cortex_a76'],
      sameName: sharedByName(['cortex-a55.json', 'cortex-a76.json']),
      differentNames: 0,
    });
  });

  it('says the same in the JSON answer (host --json: pmus[].vendorCores, as README documents)', () => {
    const json = planJson(plan('arm64-a55-a76')) as {
      pmus: { name: string; vendorCores: string[] }[];
    };
    expect(json.pmus.find((d) => d.name === 'armv8_cortex_a76')?.vendorCores).toEqual([
      'cortex_a76',
    ]);
  });

  it('does the same for A510 + A710 + X2', () => {
    const p = plan('arm64-a510-a710-x2');
    expect(p.guest.vendor?.cores).toEqual(['cortex_a510', 'cortex_a710', 'cortex_x2']);
    expect(p.guest.vendor?.sameName).toBe(
      sharedByName(['cortex-a510.json', 'cortex-a710.json', 'cortex-x2.json']),
    );
  });
});
