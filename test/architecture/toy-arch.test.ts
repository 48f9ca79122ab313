/**
 * A fourth architecture as a fixture (issue 16 item 7): pmumap's promise is
 * that an architecture is a tables-only change. test/fixtures/toy-arch/
 * holds a made-up arch, `toy` (tables/toy/arch.pmumap, beside a verbatim
 * copy of the shipped tables/linux/), and a sysfs tree of a toy host; this
 * test runs every front-end on it through the CLI with no src/ change.
 * The expected values are the toy facts the fixture declares: events
 * CYCLES 0x01, INSTRUCTIONS 0x02, BRANCHES 0x03, TICK 0x10 (software); pmu
 * toy_core (id 1) with event counters 0..3 and the cycle counter 4; perf
 * type 9 by default; the strict mode refuses BRANCHES as FILTERED; the
 * toy host driver maps cpu-cycles, instructions and branch-instructions to
 * CYCLES, INSTRUCTIONS and BRANCHES (PERF_TYPE_RAW) and nothing else; the
 * host's core PMU device is `toy_pmu`, type 9, cpus 0-3, format event
 * config:0-7.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ROOT, sharedCache } from '../helpers.ts';
import { cli } from '../cli/run-cli.ts';
import { cargo, findToolchain, run, STRICT_C } from '../native/toolchain.ts';

const TOY = 'test/fixtures/toy-arch/tables';
const TOY_FILE = `${TOY}/toy/arch.pmumap`;
const SYSFS = 'test/fixtures/toy-arch/sysfs';

const scratch = mkdtempSync(join(tmpdir(), 'pmumap-toy-arch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The toy arch's file line that declares `text` (its first occurrence). */
function lineOf(text: string): number {
  const lines = readFileSync(join(ROOT, TOY_FILE), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} is not in ${TOY_FILE}`);
  return i + 1;
}

describe('a toy fourth architecture, declared in tables only', () => {
  it('check: the toy tree and its examples compile clean', async () => {
    const r = await cli(['check', TOY]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('3 file(s) checked, no errors');
  });

  it('commands: the toy arch declares `map` with its inputs and both modes', async () => {
    const r = await cli(['commands', TOY]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pmumap map toy:');
    expect(r.stdout).toContain('interface toy_write, default consumer toyvm');
    for (const option of ['--pmu', '--host-type', '--counter', '--value']) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain('--mode emulated (consumer toyvm');
    expect(r.stdout).toContain('--mode strict (consumer toyvm-strict');
  });

  it('map toy: an event counter counts the event written, on perf type 9', async () => {
    const r = await cli(['map', 'toy', TOY, '--counter', '0', '--value', '0x02', '--json']);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.outcome).toBe('perf');
    expect(answer.event).toBe('INSTRUCTIONS');
    expect(answer.attr.type).toBe(9);
    expect(answer.attr.config).toBe('0x2');
    expect(answer.reason).toBeNull();
    expect(answer.consumer).toBe('toyvm');
    expect(answer.source).toBe(`${TOY_FILE}:${lineOf('=> perf {')}`);
  });

  it('map toy: the cycle counter counts CYCLES whatever is written; TICK is software; counter 5 is refused', async () => {
    const cycles = JSON.parse(
      (await cli(['map', 'toy', TOY, '--counter', '4', '--value', '0x03', '--json'])).stdout,
    );
    expect(cycles.event).toBe('CYCLES');
    expect(cycles.attr.config).toBe('0x1');
    const tick = JSON.parse(
      (await cli(['map', 'toy', TOY, '--counter', '1', '--value', '0x10', '--json'])).stdout,
    );
    expect(tick.outcome).toBe('software');
    const missing = JSON.parse(
      (await cli(['map', 'toy', TOY, '--counter', '5', '--value', '1', '--json'])).stdout,
    );
    expect(missing.outcome).toBe('refused');
    expect(missing.reason.code).toBe('NOT_IMPLEMENTED');
  });

  it('map toy --mode strict: BRANCHES is refused as FILTERED by the patch-only consumer', async () => {
    const args = ['map', 'toy', TOY, '--counter', '2', '--value', '3', '--json'];
    const strict = JSON.parse((await cli([...args, '--mode', 'strict'])).stdout);
    expect(strict.outcome).toBe('refused');
    expect(strict.reason.code).toBe('FILTERED');
    expect(strict.consumer).toBe('toyvm-strict');
    expect(strict.status.kind).toBe('patch');
    const mainline = JSON.parse((await cli(args)).stdout);
    expect(mainline.outcome).toBe('perf');
    expect(mainline.attr.config).toBe('0x3');
  });

  it('generic toy: the `over` command runs once per PERF_COUNT_HW_* id through the toy driver map', async () => {
    const r = await cli(['generic', 'toy', TOY, '--json']);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.consumer).toBe('toy-driver');
    const mapped = answer.events
      .filter((e: { outcome: string }) => e.outcome === 'mapped')
      .map((e: { perf: string; code: string }) => `${e.perf}=${e.code}`);
    expect(mapped).toEqual(['cpu-cycles=0x1', 'instructions=0x2', 'branch-instructions=0x3']);
    expect(answer.events).toHaveLength(10);
    const misses = answer.events.find((e: { perf: string }) => e.perf === 'cache-misses');
    expect(misses.reason.code).toBe('UNSUPPORTED');
  });

  it('explain toy INSTRUCTIONS: the toy event, and what each toy mode makes of it', async () => {
    const r = await cli(['explain', 'toy', 'INSTRUCTIONS', TOY]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`INSTRUCTIONS = 0x2 in toy_event "instructions retired"`);
    expect(r.stdout).toContain(`(${TOY_FILE}:${lineOf('INSTRUCTIONS = 0x02')})`);
    expect(r.stdout).toContain('--pmu toy_core --mode emulated:');
    expect(r.stdout).toContain('--pmu toy_core --mode strict:');
    expect(r.stdout).toContain('perf { type = 0x9, config = 0x2 }');
    // Nothing of the shipped archs leaks into the toy's answer.
    expect(r.stdout).not.toMatch(/arm64|x86|pmuv3|intel/i);
  });

  it('explain toy BRANCHES: the generic id that maps to it; the strict mode refuses it, the default maps it', async () => {
    const r = await cli(['explain', 'toy', 'BRANCHES', TOY]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'generic toy --consumer toy-driver: BRANCH_INSTRUCTIONS -> BRANCHES',
    );
    expect(r.stdout).toContain('perf { type = 0x9, config = 0x3 }');
    expect(r.stdout).toContain('FILTERED');
  });

  it('query: toy questions as JSON lines, one answer each, as map --json gives them', async () => {
    const questions = [
      { cmd: 'map toy', counter: '4', value: '3' },
      { cmd: 'map toy', counter: '2', value: '3', mode: 'strict' },
    ];
    let stdout = '';
    const status = await runCli(['query', TOY], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: ROOT,
      env: { PMUMAP_CACHE_DIR: sharedCache() },
      stdin: (async function* () {
        yield questions.map((q) => JSON.stringify(q) + '\n').join('');
      })(),
    });
    expect(status).toBe(0);
    const [cycles, strict] = stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
    expect(cycles).toMatchObject({
      outcome: 'perf',
      event: 'CYCLES',
      attr: { type: 9, config: '0x1' },
    });
    expect(strict).toMatchObject({ outcome: 'refused', reason: { code: 'FILTERED' } });
  });

  it('host --sysfs: the toy host is recognised by its declared device and gets SET_PMU on toy_pmu', async () => {
    const r = await cli(['host', TOY, '--sysfs', SYSFS, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.arch).toBe('toy');
    expect(plan.plan).toBe('set-pmu');
    expect(plan.pmu).toBe('toy_pmu');
    expect(plan.pmuType).toBe(9);
    expect(plan.why).toBe('ONE_PMU_COVERS');
    expect(plan.consumer).toBe('toyvm');
    expect(plan.uncovered).toEqual([]);
    expect(plan.problems).toEqual([]);
    const byName = Object.fromEntries(plan.pmus.map((p: { name: string }) => [p.name, p] as const));
    expect(byName['toy_pmu']).toMatchObject({
      type: 9,
      cpus: [0, 1, 2, 3],
      implementation: 'toy_core',
      compatible: true,
    });
    expect(byName['toy_uncore']).toMatchObject({ compatible: false, reason: 'NOT_CORE_DRIVER' });
    expect(byName['software']).toMatchObject({ compatible: false });
    // The guest keeps the toy cycle counter (4) as CYCLES (0x1) on type 9,
    // and all four toy events on an event counter.
    expect(plan.guest.mode).toBe('emulated');
    expect(plan.guest.counters).toEqual([
      expect.objectContaining({
        name: 'cycles',
        index: 4,
        kept: true,
        outcome: 'perf type 9, config 0x1',
      }),
    ]);
    expect(plan.guest.eventsChecked).toBe(4);
    expect(plan.guest.sharedEvents).toEqual(['cycles', 'instructions']);
  });

  it('report --format md: the toy arch, its pmu, its event table per mode and its examples', async () => {
    const r = await cli(['report', TOY, '--format', 'md']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`### toy (${TOY_FILE}:${lineOf('arch toy')})`);
    expect(r.stdout).toContain(`### toy_core (${TOY_FILE}:${lineOf('pmu toy_core')})`);
    expect(r.stdout).toContain('| 4 | fixed toy_event.CYCLES |');
    expect(r.stdout).toMatch(/\| BRANCHES \| 0x3 \| config 0x3 \(perf type 9\) \| FILTERED \|/);
    expect(r.stdout).toMatch(/\| TICK \| 0x10 \| SOFTWARE_EMULATED \| SOFTWARE_EMULATED \|/);
    expect(r.stdout).toContain('### the strict mode refuses branches');
  });

  it('diff: a copy is the same; a copy with BRANCHES renumbered names that event and its mappings', async () => {
    const same = join(scratch, 'same');
    cpSync(join(ROOT, TOY), same, { recursive: true });
    const unchanged = await cli(['diff', TOY, same]);
    expect(unchanged.stdout).toContain('no semantic difference');
    expect(unchanged.status).toBe(0);

    const changed = join(scratch, 'changed');
    cpSync(join(ROOT, TOY), changed, { recursive: true });
    const file = join(changed, 'toy/arch.pmumap');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('BRANCHES = 0x03', 'BRANCHES = 0x05'));
    const r = await cli(['diff', TOY, changed, '--json']);
    expect(r.status).toBe(1);
    const diff = JSON.stringify(JSON.parse(r.stdout));
    expect(diff).toContain('toy_event.BRANCHES');
    const human = await cli(['diff', TOY, changed]);
    expect(human.stdout).toMatch(
      /events renumbered \(1\):\n {2}toy_event\.BRANCHES\n {6}0x3 {2}-> {2}0x5/,
    );
    // The strict example now fails in the new tree; the diff still answers and says so.
    expect(human.stdout).toContain("example 'the strict mode refuses branches'");
    expect(human.stdout).toMatch(/newly allowed \(1\):\n {2}toy_write --consumer toyvm-strict/);
  });

  it('gen --out: every target is written, and the C header compiles and holds the toy facts', async () => {
    const out = join(scratch, 'gen');
    const r = await cli(['gen', TOY, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const path of [
      'c/toy-arch.h',
      'rust/src/toy_arch.rs',
      'ts/toy-arch.ts',
      'json/toy-arch.json',
      'pmumap-manifest.json',
    ]) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    const facts = join(out, 'c/toy-facts.c');
    writeFileSync(
      facts,
      [
        '#include "toy-arch.h"',
        '_Static_assert(PMUMAP_TOY_EVENT_CYCLES == 0x1, "CYCLES");',
        '_Static_assert(PMUMAP_TOY_EVENT_BRANCHES == 0x3, "BRANCHES");',
        '_Static_assert(PMUMAP_TOY_EVENT_TICK == 0x10, "TICK");',
        '_Static_assert(PMUMAP_PMU_TOY_CORE == 99, "toy_core id 99");',
        '',
      ].join('\n'),
    );
    await run('cc', [...STRICT_C, '-fsyntax-only', facts], join(out, 'c'));
    // The Rust crate's tests are the toy's examples: 5 on toy_write, 2 on toy_generic_map, 1 on host_plan.
    const tested = await cargo(
      findToolchain(),
      ['test'],
      join(out, 'rust'),
      join(scratch, 'target'),
    );
    expect(tested.stdout).toContain('test result: ok. 8 passed; 0 failed');
  }, 30_000);

  it('beside the shipped archs: check is clean, each host is still its own arch, and diff names what the toy adds', async () => {
    // The toy file alone, dropped into a copy of the shipped tables: its
    // `import "../linux/..."` now reads the shipped tables/linux.
    const beside = join(scratch, 'beside');
    for (const dir of ['arm64', 'x86', 'riscv', 'linux', 'vendor']) {
      cpSync(join(ROOT, 'tables', dir), join(beside, dir), { recursive: true });
    }
    cpSync(join(ROOT, TOY_FILE), join(beside, 'toy/arch.pmumap'));
    const check = await cli(['check', beside]);
    expect(check.stdout).toContain('no errors');
    expect(check.status).toBe(0);

    const archOf = async (sysfs: string) =>
      JSON.parse((await cli(['host', beside, '--sysfs', sysfs, '--json'])).stdout).arch;
    expect(await archOf(SYSFS)).toBe('toy');
    expect(await archOf('test/fixtures/sysfs/x86-cpu')).toBe('x86');
    expect(await archOf('test/fixtures/sysfs/arm64-homogeneous')).toBe('arm64');

    const r = await cli(['diff', 'tables', beside]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/archs added \(1\):\n {2}toy\n/);
    expect(r.stdout).toMatch(/pmus added \(1\):\n {2}toy_core\n/);
    expect(r.stdout).toContain('toy host device "toy_pmu" when format event = "config:0-7"');
    expect(r.stdout).not.toMatch(/removed/);
  }, 30_000);

  it('a host whose toy_pmu has another event format is not recognised as toy (the `when` decides)', async () => {
    const other = join(scratch, 'sysfs-other-format');
    cpSync(join(ROOT, SYSFS), other, { recursive: true });
    writeFileSync(join(other, 'bus/event_source/devices/toy_pmu/format/event'), 'config:0-15\n');
    const plan = JSON.parse((await cli(['host', TOY, '--sysfs', other, '--json'])).stdout);
    expect(plan.arch).toBeNull();
    expect(plan.plan).toBe('none');
  });

  // Contracts are declarations (issue 16 item 2): `map --json` reads its
  // `event` key from the output declaring `role event`, whatever its name.
  // Before, src/ read an output named `event` by string: renamed `selected`,
  // check passed and the answer said `"event": null`.
  it('a renamed event output is a diagnostic or still fills the `event` key, never a silent null', async () => {
    const renamed = join(scratch, 'renamed');
    cpSync(join(ROOT, TOY), renamed, { recursive: true });
    const file = join(renamed, 'toy/arch.pmumap');
    const text = readFileSync(file, 'utf8')
      .replace('output event : toy_event', 'output selected : toy_event')
      .replace('output event = counter', 'output selected = counter')
      .replaceAll('event == toy_event', 'selected == toy_event')
      .replace('config = event }', 'config = selected }')
      .replaceAll('expect toyvm: event = ', 'expect toyvm: selected = ');
    writeFileSync(file, text);
    const check = await cli(['check', renamed]);
    const answer = JSON.parse(
      (await cli(['map', 'toy', renamed, '--counter', '0', '--value', '2', '--json'])).stdout,
    );
    const silent = check.status === 0 && answer.event === null;
    expect(silent).toBe(false);
    // The role keeps the key: named by its enum, and not repeated under the new name.
    expect(answer.event).toBe('INSTRUCTIONS');
    expect(answer).not.toHaveProperty('selected');
  });
});
