/**
 * The protocol step function on the toy protocol (test/fixtures/protocol/
 * toy.pmumap): results, deciding lines, effects read the state before the
 * call, ints stored masked to their width, any_other over the other vCPUs,
 * host record lookups, and `extends` with `drop` and `before`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import type { Model } from '../../src/model/model.ts';
import type { MMachine, MProtocol } from '../../src/model/protocol-model.ts';
import { enumNames, parseInvocation } from '../../src/protocol/invocation-text.ts';
import type { HostRecords, ProtocolState } from '../../src/runtime/protocol-step.ts';
import { initialState, MachineRunner } from '../../src/runtime/protocol-step.ts';
import { ROOT } from '../helpers.ts';

const path = 'test/fixtures/protocol/toy.pmumap';
const result = compile([{ path, text: readFileSync(join(ROOT, path), 'utf8') }]);
const model = result.model as Model;
const proto = model.protocols?.[0] as MProtocol;
const names = enumNames(
  model.enums.map((e) => ({
    name: e.name,
    members: e.members.map((m) => ({ name: m.name, value: BigInt(m.value) })),
  })),
);
const host: HostRecords = new Map([
  [
    'pmu',
    [
      [8n, 6n],
      [9n, 4n],
    ],
  ],
]);
const machine = (name: string): MMachine => model.machines!.find((m) => m.name === name)!;

/** Run `lines` (sequence-file calls) on one machine: each result and deciding label. */
function run(name: string, lines: readonly string[], vcpus = 2) {
  const runner = new MachineRunner(proto, machine(name));
  let state: ProtocolState = initialState(proto, vcpus);
  const out = lines.map((line) => {
    const inv = parseInvocation(line.split(/[\s,]+/), proto, names);
    if ('error' in inv) throw new Error(inv.error);
    const o = runner.step(state, host, inv.ok);
    state = o.state;
    return { result: o.result, label: o.label, origin: o.origin };
  });
  return { out, state };
}

describe('the toy protocol', () => {
  it('compiles with no diagnostic', () => {
    expect(result.diagnostics).toEqual([]);
    expect(proto.arch).toBe('toy');
    expect(model.machines?.map((m) => m.name)).toEqual(['toy-2', 'toy-1', 'toy-fixed']);
  });

  it('gives each call the result and tables line of the first step that holds', () => {
    const { out } = run('toy-2', [
      'vcpu0 set IRQ 23',
      'vcpu0 init dev',
      'vcpu0 set IRQ 23',
      'vcpu0 set IRQ 40',
    ]);
    expect(out.map((o) => o.result)).toEqual(['-ENODEV', '0', '0', '-EINVAL']);
    expect(out.map((o) => o.label)).toEqual(['no_dev', undefined, 'irq', 'irq_range']);
    expect(out[2]?.origin).toBe(`${path}:47`);
  });

  it('compares a PPI with every other vCPU (any_other)', () => {
    const { out } = run('toy-2', [
      'vcpu0 init dev',
      'vcpu1 init dev',
      'vcpu0 set IRQ 23',
      'vcpu1 set IRQ 22',
      'vcpu1 set IRQ 23',
    ]);
    expect(out.map((o) => o.result)).toEqual(['0', '0', '0', '-EINVAL', '0']);
    // With one vCPU there is no other to disagree with.
    expect(run('toy-2', ['vcpu0 init dev', 'vcpu0 set IRQ 22'], 1).out[1]?.result).toBe('0');
  });

  it('applies effects: SET_PMU copies the host record, masked to the variable width', () => {
    const { out, state } = run('toy-2', [
      'vcpu0 init dev',
      'vcpu0 set SET_PMU 9',
      'vcpu0 set SET_PMU 7',
    ]);
    expect(out.map((o) => o.result)).toEqual(['0', '0', '-ENXIO']);
    const vm = proto.state.filter((s) => s.scope === 'vm').map((s) => s.name);
    expect(state.vm[vm.indexOf('pmu')]).toBe(9n);
    expect(state.vm[vm.indexOf('counters')]).toBe(4n);
    // vcpu.irq is a u16: 0x10017 is stored as 0x17, and is then a PPI.
    const irq = run('toy-2', ['vcpu0 init dev', 'vcpu0 set IRQ 0x10017']);
    expect(irq.out[1]?.result).toBe('-EINVAL');
  });

  it('a machine that drops a step answers as its parent without it', () => {
    const seq = ['vcpu0 init dev', 'vcpu1 run', 'vcpu0 set FILTER 0x11,1,deny'];
    expect(run('toy-2', seq).out[2]).toMatchObject({ result: '-EBUSY', label: 'filter_after_run' });
    expect(run('toy-1', seq).out[2]).toMatchObject({ result: '0', label: 'filter' });
  });

  it('a step placed `before` a label decides ahead of it', () => {
    const steps = machine('toy-fixed').steps.map((s) => (s.kind === 'rule' ? s.label : s.name));
    expect(steps.indexOf('irq_after_filter')).toBe(steps.indexOf('irq') - 1);
    const seq = ['vcpu0 init dev', 'vcpu0 set FILTER', 'vcpu0 set IRQ 23'];
    expect(run('toy-fixed', seq).out[2]?.result).toBe('-EBUSY');
    expect(run('toy-2', seq).out[2]?.result).toBe('0');
  });

  it('a VM-wide call changes the VM for every vCPU', () => {
    const { out } = run('toy-2', [
      'vcpu1 init dev',
      'vcpu1 set INIT',
      'chip init',
      'vcpu1 set INIT',
      'vcpu1 set INIT',
    ]);
    expect(out.map((o) => o.result)).toEqual(['0', '-ENODEV', '0', '0', '-EBUSY']);
  });
});
