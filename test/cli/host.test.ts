/**
 * `pmumap host`: the JSON contract, snapshots that replay to the same
 * plan, bad arguments as one line and exit 2, and a run on this machine's
 * own /sys.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { cli } from './run-cli.ts';

const fixture = (name: string) => join(ROOT, 'test/fixtures/sysfs', name);

describe('pmumap host', () => {
  it('prints the documented JSON keys', async () => {
    const r = await cli(['host', '--sysfs', fixture('arm64-a55-a76'), '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    // Mainline KVM: two PMUs, neither covering every CPU, and no FIXED_COUNTERS_ONLY.
    expect(j.plan).toBe('none');
    expect(j.pmuType).toBeNull();
    const a55 = j.pmus.find((p: { name: string }) => p.name === 'armv8_cortex_a55');
    expect(a55).toMatchObject({ cpus: [0, 1, 2, 3], compatible: true, reason: 'CORE_PMU' });
    expect(typeof a55.type).toBe('number');
    expect(j.uncovered).toEqual([]);
    expect(j.guest).toMatchObject({ cycleCounter: false, instructionCounter: false });
    expect(Array.isArray(j.guest.sharedEvents)).toBe(true);
    expect(j.problems).toEqual([]);
  });

  it('writes a snapshot of exactly what it read, and the snapshot replays to the same plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-host-'));
    const snap = join(dir, 'host.json');
    const first = await cli([
      'host',
      '--sysfs',
      fixture('malformed'),
      '--json',
      '--snapshot',
      snap,
    ]);
    expect(first.status).toBe(0);
    const s = JSON.parse(readFileSync(snap, 'utf8'));
    expect(s.format).toBe('pmumap-sysfs-snapshot/1');
    // Every file it recorded is a file the plan read: the a55's events, say.
    expect(Object.keys(s.files)).toContain(
      'bus/event_source/devices/armv8_cortex_a55/events/cpu_cycles',
    );
    const again = await cli(['host', '--sysfs', snap, '--json']);
    expect(again.status).toBe(0);
    const strip = (t: string) => ({ ...JSON.parse(t), sysfs: '' });
    expect(strip(again.stdout)).toEqual(strip(first.stdout));
  });

  it('gives the same snapshot bytes twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-host-'));
    await cli(['host', '--sysfs', fixture('apple-m1'), '--snapshot', join(dir, 'a.json')]);
    await cli(['host', '--sysfs', fixture('apple-m1'), '--snapshot', join(dir, 'b.json')]);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'b.json'), 'utf8'),
    );
  });

  const bad: [string, string[], RegExp][] = [
    ['a missing --sysfs', ['--sysfs', '/nonexistent/sys'], /--sysfs '\/nonexistent\/sys': ENOENT/],
    [
      'a --sysfs file that is not JSON',
      ['--sysfs', join(ROOT, 'package.json')],
      /not a pmumap host snapshot/,
    ],
    [
      'a backwards --cpus range',
      ['--sysfs', fixture('arm64-a55-a76'), '--cpus', '3-1'],
      /--cpus '3-1'/,
    ],
    [
      'a CPU the host lacks',
      ['--sysfs', fixture('arm64-a55-a76'), '--cpus', '0,64'],
      /CPU\(s\) 64 are not possible/,
    ],
    [
      'an unknown consumer',
      ['--sysfs', fixture('arm64-a55-a76'), '--consumer', 'nope'],
      /--consumer 'nope': expected one of mainline, qemu-rfc/,
    ],
    ['an unknown arch', ['--sysfs', fixture('arm64-a55-a76'), '--arch', 'mips'], /--arch 'mips'/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} in one line, exit 2`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pmumap-host-'));
      const snap = join(dir, 'never.json');
      const r = await cli(['host', ...args, '--snapshot', snap]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(snap)).toBe(false);
    });
  }

  it('refuses a snapshot of the wrong shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-host-'));
    const path = join(dir, 's.json');
    writeFileSync(
      path,
      JSON.stringify({ format: 'pmumap-sysfs-snapshot/1', dirs: {}, files: { a: 3 } }),
    );
    const r = await cli(['host', '--sysfs', path]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"files"."a" is not a string or null/);
  });

  it("plans this machine's own /sys plausibly", async () => {
    // Whatever the machine, the plan must follow from its devices: an
    // armv8/armv9/apple device means arm64; `cpu` (no cpu_atom) means a
    // non-hybrid x86 whose vPMU KVM builds from CPUID; cpu_core + cpu_atom
    // a hybrid without vPMU; no core PMU device at all (CI's x86-64 VMs
    // without a virtual PMU expose only software, tracepoint, breakpoint,
    // kprobe/uprobe and msr) means no vPMU to plan.
    const r = await cli(['host', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const dir = '/sys/bus/event_source/devices';
    const names = existsSync(dir) ? readdirSync(dir) : [];
    if (names.some((n) => /^(armv[89]_|apple_)/.test(n))) expect(j.arch).toBe('arm64');
    else if (names.includes('cpu_core') && names.includes('cpu_atom')) {
      expect(j).toMatchObject({ arch: 'x86', plan: 'none', why: 'HYBRID' });
    } else if (names.includes('cpu')) {
      expect(j).toMatchObject({ arch: 'x86', plan: 'x86-vpmu', pmu: 'cpu' });
    } else {
      expect(j).toMatchObject({ plan: 'none', why: 'NO_CORE_PMU' });
      expect(j.pmus.every((p: { compatible: boolean }) => !p.compatible)).toBe(true);
    }
    const software = j.pmus.find((p: { name: string }) => p.name === 'software');
    if (software) expect(software).toMatchObject({ type: 1, compatible: false });
  });
});
