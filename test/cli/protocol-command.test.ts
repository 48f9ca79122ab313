/**
 * The `pmumap protocol ARCH check|explore` contract on the toy protocol
 * (test/fixtures/protocol): per call and machine the result and deciding
 * line, the first disagreement, expectations and the exit status, --json's
 * keys, --consumer, explore's shortest witnesses, and one-line usage errors
 * with file:line (exit 2).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch } from './cache-helpers.ts';
import { cli } from './run-cli.ts';

const TOY = 'test/fixtures/protocol/toy.pmumap';
const SEQ = 'test/fixtures/protocol/toy-sequence.txt';

function sequenceFile(text: string): string {
  const path = join(scratch('protocol'), 'seq.txt');
  writeFileSync(path, text);
  return path;
}

describe('pmumap protocol ARCH check', () => {
  it('prints every call per machine with the deciding line, the first disagreement and the expectations', async () => {
    const r = await cli(['protocol', 'toy', 'check', SEQ, TOY]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      `${SEQ}:7  vcpu1 set IRQ 22\n    -EINVAL  ${TOY}:45 (irq_mismatch)  [all]\n`,
    );
    // Machines that answer alike share a row; here the patch-only one differs.
    expect(r.stdout).toContain(
      `${SEQ}:11  vcpu0 set IRQ 23\n    0        ${TOY}:47 (irq)  [toy-2, toy-1]\n    -EBUSY   ${TOY}:67 (irq_after_filter)  [toy-fixed]\n`,
    );
    expect(r.stdout).toContain(
      `first disagreement: ${SEQ}:11 vcpu0 set IRQ 23: toy-2 0, toy-1 0, toy-fixed -EBUSY\n`,
    );
    // Line 11 expects the patched kernel's -EBUSY: toy-2 and toy-1 fail it.
    expect(r.stdout).toContain('expectations: 19 held, 2 failed\n');
    expect(r.stdout).toContain(`  ${SEQ}:11 vcpu0 set IRQ 23: expected -EBUSY, toy-2 gives 0\n`);
    expect(r.status).toBe(1);
  });

  it('--consumer keeps one machine: its expectations all hold, exit 0', async () => {
    const r = await cli(['protocol', 'toy', 'check', SEQ, TOY, '--consumer', 'toy-fixed']);
    expect(r.stdout).not.toContain('toy-2');
    expect(r.stdout).toContain(`    -EBUSY   ${TOY}:67 (irq_after_filter)  [toy-fixed]\n`);
    expect(r.stdout).toContain('expectations: 7 held, 0 failed\n');
    expect(r.status).toBe(0);
  });

  it('--json: consumers with {line, call, result, source}, disagreements, expectations', async () => {
    const r = await cli(['protocol', 'toy', 'check', SEQ, TOY, '--json']);
    const json = JSON.parse(r.stdout) as {
      consumers: Record<
        string,
        { line: number; call: string; result: number | string; source: string }[]
      >;
      disagreements: { line: number; results: Record<string, number | string> }[];
      expectations: { held: number; failed: number };
    };
    expect(Object.keys(json.consumers)).toEqual(['toy-2', 'toy-1', 'toy-fixed']);
    expect(json.consumers['toy-2']?.[3]).toEqual({
      line: 7,
      call: 'vcpu1 set IRQ 22',
      result: 'EINVAL',
      source: `${TOY}:45`,
    });
    expect(json.consumers['toy-2']?.[0]?.result).toBe(0);
    expect(json.disagreements.map((d) => d.line)).toEqual([11, 16]);
    expect(json.disagreements[1]?.results).toEqual({
      'toy-2': 'EBUSY',
      'toy-1': 0,
      'toy-fixed': 'EBUSY',
    });
    expect(json.expectations).toMatchObject({ held: 19, failed: 2 });
    expect(r.status).toBe(1);
  });

  it.each([
    [
      'vcpu0 sett IRQ\n',
      ":1: 'vcpu0 sett' is not a call of protocol toy_dev; expected one of vcpuN init, chip init, vcpuN set, vcpuN run",
    ],
    [
      'vcpu0 init dev\nvcpu0 set IRQ 23 => -EAGAIN\n',
      ":2: '-EAGAIN' is not an errno of protocol toy_dev",
    ],
    [
      'vcpu0 set BOGUS\n',
      ":1: 'BOGUS' is not a ToyAttr (expected one of IRQ, INIT, FILTER, SET_PMU)",
    ],
    ['vcpu0 init dev\nhost pmu 8 counters 6\n', ':2: host lines come before the first call'],
    [
      'vcpu0 set IRQ 1 2 allow 4\n',
      ":1: vcpuN set takes 4 value(s) (attr, value, count, action); '4' is one too many",
    ],
    ['vcpu0 set IRQ => 1\n', ":1: '=> 1': expected '=> 0' or '=> -ERRNO'"],
  ])('a bad line %j is one line naming file:line, exit 2', async (text, message) => {
    const file = sequenceFile(text);
    const r = await cli(['protocol', 'toy', 'check', file, TOY]);
    expect(r.stderr).toContain(`pmumap: ${file}${message}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  it('an arch without a protocol, a missing file and a bad verb are usage errors', async () => {
    const noArch = await cli(['protocol', 'x86', 'check', SEQ, TOY]);
    expect(noArch.stderr).toBe(
      "pmumap: no protocol for arch 'x86' in the tables; protocols exist for toy\n",
    );
    expect(noArch.status).toBe(2);
    const missing = await cli(['protocol', 'toy', 'check', 'no-such.txt', TOY]);
    expect(missing.stderr).toMatch(/^pmumap: sequence 'no-such.txt': .*\n$/);
    expect(missing.status).toBe(2);
    // Read bounded: a FIFO is refused at once, never waited on.
    const fifo = join(scratch('protocol-fifo'), 'seq.fifo');
    execFileSync('mkfifo', [fifo]);
    const blocked = await cli(['protocol', 'toy', 'check', fifo, TOY]);
    expect(blocked.stderr).toBe(`pmumap: sequence '${fifo}': a FIFO, not a regular file\n`);
    expect(blocked.status).toBe(2);
    const verb = await cli(['protocol', 'toy', 'fuzz', TOY]);
    expect(verb.stderr).toBe("pmumap: protocol toy 'fuzz': expected check or explore\n");
    expect(verb.status).toBe(2);
  });
});

describe('pmumap protocol ARCH explore', () => {
  it('finds each kind of disagreement with a shortest witness', async () => {
    const r = await cli(['protocol', 'toy', 'explore', TOY, '--depth', '5', '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as {
      disagreements: { sequence: string[]; results: Record<string, number | string> }[];
    };
    expect(json.disagreements.map((d) => d.sequence)).toEqual([
      ['vcpu0 init dev', 'vcpu0 set FILTER', 'vcpu0 set IRQ 23'],
      ['vcpu0 init dev', 'vcpu1 run', 'vcpu0 set FILTER'],
      [
        'vcpu0 init dev',
        'vcpu1 init dev',
        'vcpu0 set FILTER',
        'vcpu0 set IRQ 23',
        'vcpu1 set IRQ 24',
      ],
    ]);
    expect(json.disagreements[1]?.results).toEqual({
      'toy-2': 'EBUSY',
      'toy-1': 0,
      'toy-fixed': 'EBUSY',
    });
  });

  it('a shorter depth finds only the shorter witnesses; --depth out of range is exit 2', async () => {
    const r = await cli(['protocol', 'toy', 'explore', TOY, '--depth', '3']);
    expect(r.stdout).toContain('2 kind(s) of disagreement');
    expect(r.stdout).toContain(
      `2. vcpu0 set FILTER\n     vcpu0 init dev\n     vcpu1 run\n     vcpu0 set FILTER\n       => -EBUSY  ${TOY}:50  [toy-2, toy-fixed]\n       => 0  ${TOY}:51  [toy-1]\n`,
    );
    const bad = await cli(['protocol', 'toy', 'explore', TOY, '--depth', '0']);
    expect(bad.stderr).toBe("pmumap: --depth '0': expected a whole number from 1 to 12\n");
    expect(bad.status).toBe(2);
  });
});
