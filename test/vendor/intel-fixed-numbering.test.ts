/**
 * Older intel/perfmon files (Bonnell, Silvermont, Nehalem, Westmere) say
 * "Fixed counter 1" for IA32_FIXED_CTR0: their INST_RETIRED.ANY, which the
 * SDM puts on fixed-function counter 0, is "Fixed counter 1" (checked in
 * ../shared/data: bonnell_core.json, Silvermont_core.json, NehalemEP_core.json,
 * WestmereEX_core.json all list INST_RETIRED.ANY as "Fixed counter 1",
 * CPU_CLK_UNHALTED.THREAD/CORE as 2 and the reference cycles as 3). The
 * import reads such a file from 1, so these cores have fixed counters
 * {0, 1, 2} and no PM2602 hole at 0.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIntelPerfmon } from '../../src/vendor/intel-perfmon.ts';
import { ROOT } from '../helpers.ts';

function memory(files: Record<string, string>) {
  return {
    read: (p: string): string => {
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
const core = (events: { name: string; counter: string; umask: string }[]) =>
  JSON.stringify({
    Header: { Info: 'Test' },
    Events: events.map((e) => ({
      EventCode: '0x00',
      UMask: e.umask,
      EventName: e.name,
      Counter: e.counter,
    })),
  });
const fixedLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trimStart().startsWith('fixed '))
    .map((l) => l.trim());

describe('intel-perfmon fixed-counter numbering', () => {
  it('a file numbering from 1 is read as 0-based, with a comment saying so', () => {
    const { read, list } = memory({
      'T/events/t_core.json': core([
        { name: 'INST_RETIRED.ANY', counter: 'Fixed counter 1', umask: '0x01' },
        { name: 'CPU_CLK_UNHALTED.CORE', counter: 'Fixed counter 2', umask: '0x02' },
        { name: 'CPU_CLK_UNHALTED.REF_TSC', counter: 'Fixed counter 3', umask: '0x03' },
      ]),
    });
    const text = importIntelPerfmon(read, list, 'x').files[0]?.text ?? '';
    expect(fixedLines(text)).toEqual([
      'fixed 0 0x00:0x01 "INST_RETIRED.ANY" @0',
      'fixed 1 0x00:0x02 "CPU_CLK_UNHALTED.CORE" @1',
      'fixed 2 0x00:0x03 "CPU_CLK_UNHALTED.REF_TSC" @2',
    ]);
    expect(text).toContain('each "Fixed counter k" is read as fixed counter k-1');
  });

  it('a file with a "Fixed counter 0" keeps its numbers, holes included', () => {
    const { read, list } = memory({
      'T/events/t_core.json': core([
        { name: 'INST_RETIRED.ANY', counter: 'Fixed counter 0', umask: '0x01' },
        { name: 'CPU_CLK_UNHALTED.CORE', counter: 'Fixed counter 1', umask: '0x02' },
        { name: 'TOPDOWN.X', counter: 'Fixed counter 4', umask: '0x05' },
      ]),
    });
    const text = importIntelPerfmon(read, list, 'x').files[0]?.text ?? '';
    expect(fixedLines(text).map((l) => l.split(' ')[1])).toEqual(['0', '1', '4']);
    expect(text).not.toContain('read as fixed counter k-1');
  });

  it('the shipped Bonnell core: INST_RETIRED.ANY on fixed counter 0', () => {
    const text = readFileSync(join(ROOT, 'tables/vendor/intel/bonnell.pmumap'), 'utf8');
    expect(fixedLines(text).map((l) => l.replace(/ @\d+$/, ''))).toEqual([
      'fixed 1 0x0a:0x00 "CPU_CLK_UNHALTED.CORE"',
      'fixed 2 0x0a:0x00 "CPU_CLK_UNHALTED.REF"',
      'fixed 0 0x0a:0x00 "INST_RETIRED.ANY"',
    ]);
  });
});
