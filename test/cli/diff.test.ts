/**
 * `pmumap diff`: one golden per kind of change, made by editing a copy of
 * test/fixtures/diff/base (each edit is a change a reviewer would name);
 * formatting and reordering give no difference; the repository's own
 * history gives what its commit did; exit codes 0/1/2.
 * Refresh the goldens with `npm run test:update`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const BASE = join(ROOT, 'test/fixtures/diff/base');

/** A work dir with old/ (the base) and new/ (the base with `edit` applied). */
function versions(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-diff-'));
  cpSync(BASE, join(dir, 'old'), { recursive: true });
  cpSync(BASE, join(dir, 'new'), { recursive: true });
  const file = join(dir, 'new', 'mini.pmumap');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error('the edit changed nothing: the base fixture moved');
  writeFileSync(file, after);
  return dir;
}

const replace = (from: string, to: string) => (t: string) => t.replace(from, to);

const kinds: [string, (t: string) => string, number][] = [
  [
    'mapping-changed',
    replace('mini_event.INST_RETIRED -> 0x8c', 'mini_event.INST_RETIRED -> 0x8e'),
    1,
  ],
  ['newly-refused', replace('  mini_event.BR_RETIRED -> 0x8d\n', ''), 1],
  [
    'newly-allowed',
    replace(
      '  mini_event.CPU_CYCLES -> 0x02\n',
      '  mini_event.CPU_CYCLES -> 0x02\n  mini_event.STALL -> 0x90\n',
    ),
    1,
  ],
  ['event-added', replace('  STALL = 0x23\n', '  STALL = 0x23\n  BR_MIS_PRED_RETIRED = 0x22\n'), 1],
  ['event-removed', replace('  STALL = 0x23\n', ''), 1],
  ['event-renumbered', replace('  CPU_CYCLES = 0x11\n', '  CPU_CYCLES = 0x12\n'), 1],
  [
    'layout-changed',
    replace(
      '  15:10 hi "event bits 15:10" when FEAT_WIDE\n',
      '  15:12 hi "event bits 15:12" when FEAT_WIDE\n  11:10 res0\n',
    ),
    1,
  ],
  ['disagreement-changed', replace('prefix(min(n, 3))', 'prefix(min(n, 4))'), 1],
  [
    'consumer-added',
    (t) =>
      `${t}\nconsumer c implements width "caps at two" {\n  output fixed = prefix(min(n, 2))\n}\n`,
    1,
  ],
  // The series behind b merged, for the releases before a's.
  [
    'series-merged',
    replace(
      'status patch "mini: cap the width at three" v2 "2026-01-01" modifies a',
      'status mainline .. v6.10 of a',
    ),
    1,
  ],
  ['status-changed', replace('status mainline v6.11 ..', 'status mainline v6.12 ..'), 1],
  [
    'formatting-only',
    (t) => {
      // Reindent everything and move the translate table to the end.
      const start = t.indexOf('table translate');
      const end = t.indexOf('}\n', start) + 2;
      const moved = t.slice(0, start) + t.slice(end) + '\n' + t.slice(start, end);
      return moved.replace(/^ {2}/gm, '    ').replace(/\n\n/g, '\n\n\n');
    },
    0,
  ],
];

describe('pmumap diff', () => {
  for (const [kind, edit, status] of kinds) {
    it(`names a ${kind} change`, async () => {
      const dir = versions(edit);
      const r = await cli(['diff', 'old', 'new'], dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(status);
      await expect(r.stdout).toMatchFileSnapshot(join(ROOT, `test/fixtures/diff/${kind}.txt`));
    });
  }

  it('prints the groups as JSON', async () => {
    const dir = versions(replace('  mini_event.BR_RETIRED -> 0x8d\n', ''));
    const r = await cli(['diff', 'old', 'new', '--json'], dir);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.newlyRefused).toEqual([
      expect.objectContaining({
        subject: 'mini guest --consumer host: BR_RETIRED',
        to: 'refused UNTRANSLATABLE',
      }),
    ]);
    expect(j.tablesChanged).toHaveLength(1);
  });

  it('exits 2 with the diagnostics when a version does not compile', async () => {
    const dir = versions(replace('output fixed = prefix(n)', 'output fixed = prefix(m)'));
    const r = await cli(['diff', 'old', 'new'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/'new' does not compile/);
    expect(r.stderr).toMatch(/new\/mini\.pmumap:\d+:\d+: error PM2004/);
  });

  it('refuses an unknown revision in one line, exit 2', async () => {
    const r = await cli(['diff', 'no-such-rev:tables', 'tables']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown revision 'no-such-rev'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  const inGit = (() => {
    try {
      execFileSync('git', ['cat-file', '-e', '7b7154d^{commit}'], { cwd: ROOT, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!inGit)(
    "shows what the commit adding `pmumap host` changed in the repository's tables",
    async () => {
      // 7b7154d added the host interfaces and their consumers, the HostDevice,
      // HostPlan and PlanWhy enums and the arm64 cores by MIDR, and changed
      // no existing mapping.
      const r = await cli(['diff', '7b7154d~1:tables', '7b7154d:tables', '--json']);
      expect(r.status).toBe(1);
      const j = JSON.parse(r.stdout);
      expect(j.consumersAdded.map((c: { subject: string }) => c.subject)).toEqual([
        'host_device kvm',
        'host_device qemu',
        'host_plan kvm',
        'host_plan mainline',
        'host_plan qemu-rfc',
      ]);
      for (const g of [
        'mappingsChanged',
        'newlyRefused',
        'newlyAllowed',
        'eventsAdded',
        'eventsRemoved',
        'layoutsChanged',
        'consumersRemoved',
      ])
        expect(j[g], g).toEqual([]);
      expect(j.enumsChanged.map((c: { subject: string }) => c.subject)).toEqual([
        'enum HostDevice added',
        'enum HostPlan added',
        'enum PlanWhy added',
        'enum arm64_core added',
      ]);
    },
    60_000,
  );
});

describe('pmumap diff on vendor cores', () => {
  it('names a fixed counter appearing and an event removed in a core', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-diff-core-'));
    const core = (fixed: string, extra: string) => `pmu intel_core { counter 0..7 programmable }
core cwf "Clearwater Forest" : intel_core {
  source "CWF/events/clearwaterforest_core.json"
  counters 8
  fixed 0 "INST_RETIRED.ANY" @0
${fixed}  event 0x3c:0x00 "CPU_CLK_UNHALTED.CORE_P" @7
${extra}}
`;
    for (const [v, fixed, extra] of [
      ['old', '', '  event 0xc4:0x00 "BR_INST_RETIRED.ALL_BRANCHES" @9\n'],
      ['new', '  fixed 3 "TOPDOWN.SLOTS" @1\n', ''],
    ] as const) {
      cpSync(BASE, join(dir, v), { recursive: true });
      writeFileSync(join(dir, v, 'core.pmumap'), core(fixed, extra));
    }
    const r = await cli(['diff', 'old', 'new', '--json'], dir);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.coresChanged.map((c: { subject: string }) => c.subject)).toEqual([
      'core cwf: event 0xc4:0x0 BR_INST_RETIRED.ALL_BRANCHES',
      'core cwf: fixed counters',
    ]);
    expect(j.coresChanged[1]).toMatchObject({ from: '{0}', to: '{0, 3}' });
  });
});
