/**
 * What a guest keeps is probed with the event the tables name for each
 * counter (`cycles on 4 event toy_event.CYCLES`, issue 16 item 2), not with
 * event 0: where the event picks the counter (RISC-V's SBI PMU), event 0
 * asks for another counter. The toy arch (test/fixtures/toy-arch) stands
 * for such a PMU here: its hypervisor gives counter 4 only to the event
 * CYCLES.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { readHost } from '../../src/host/read-host.ts';
import { directorySource } from '../../src/host/sysfs-source.ts';
import { planHost } from '../../src/query/host-plan.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { ROOT } from '../helpers.ts';

const TOY = 'test/fixtures/toy-arch/tables';
const SYSFS = 'test/fixtures/toy-arch/sysfs';
const read = (path: string) => readFileSync(join(ROOT, TOY, path), 'utf8');

// The cycle counter counts only the event that selects it.
const PICKS = `output event = counter == 4 ? toy_event.CYCLES : value
  when wrong_counter: counter == 4 && value != toy_event.CYCLES => refuse NOT_IMPLEMENTED "counter 4 is chosen by CYCLES"`;

function guestKeeps(arch: string) {
  const toy = arch
    .replace('output event = counter == 4 ? toy_event.CYCLES : value', PICKS)
    // The toy's example of counter 4 writes BRANCHES: now it writes the event that picks it.
    .replace('given counter = 4, value = 0x03', 'given counter = 4, value = 0x01');
  expect(toy).not.toBe(arch);
  const result = compile([
    { path: `${TOY}/toy/arch.pmumap`, text: toy },
    { path: `${TOY}/linux/perf.pmumap`, text: read('linux/perf.pmumap') },
    { path: `${TOY}/linux/host.pmumap`, text: read('linux/host.pmumap') },
  ]);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!result.model) throw new Error('no model');
  const host = readHost(directorySource(join(ROOT, SYSFS)), []);
  return planHost(loadTables(result.model), host).guest;
}

describe('the host probe programs the event the tables name for each counter', () => {
  it('keeps the cycle counter when the event that picks it is the one named', () => {
    const guest = guestKeeps(read('toy/arch.pmumap'));
    expect(guest.cycleCounter).toBe(true);
    expect(guest.counters).toEqual([expect.objectContaining({ name: 'cycles', kept: true })]);
  });

  it('the old probe (event 0 on every counter) is what `event 0` declares: refused there', () => {
    const zero = read('toy/arch.pmumap').replace(
      'cycles on 4 event toy_event.CYCLES',
      'cycles on 4 event 0',
    );
    const guest = guestKeeps(zero);
    expect(guest.cycleCounter).toBe(false);
    expect(guest.counters[0]).toMatchObject({ kept: false, code: 'NOT_IMPLEMENTED' });
  });
});
