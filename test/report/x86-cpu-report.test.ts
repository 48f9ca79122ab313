/**
 * Issue 17, "the x86 report and diff cover the new consumers": every
 * interface the whole-CPU command `cpu x86` runs (Intel, AMD/Hygon,
 * Zhaoxin/Centaur) has examples in the report, each with every consumer
 * the example names; and where the consumers agree on the outcome but not
 * on the counters (KVM on a Zen 4 host: version 2 from v6.5, version 1 and
 * no 0x80000022 up to v6.4, svm/pmu.c amd_pmu_refresh), the report's cells
 * differ. Before, a cell showed only the outcome ("software" for all three).
 */
import { describe, expect, it } from 'vitest';
import { collectReport } from '../../src/query/report/collect.ts';
import { shipped } from '../helpers.ts';

describe('the x86 report covers the whole-CPU readers', () => {
  const { model, tables } = shipped();
  const report = collectReport(model, tables);

  it('has examples for every interface cpu x86 runs, with each consumer they name', () => {
    const slots = model.archs
      .flatMap((a) => a.cpuCommands ?? [])
      .flatMap((c) => c.vendors.flatMap((v) => v.slots.map((s) => s.interface)));
    expect(new Set(slots)).toEqual(
      new Set([
        'intel_cpu_perf',
        'intel_cpu_generic',
        'intel_cpu_kvm',
        'amd_cpu_perf',
        'amd_cpu_generic',
        'amd_cpu_kvm',
        'zhaoxin_cpu_perf',
        'zhaoxin_cpu_generic',
      ]),
    );
    for (const iface of new Set(slots)) {
      const on = report.examples.filter((x) => x.on === iface);
      expect(on.length, iface).toBeGreaterThan(0);
    }
    const kvm = new Set(
      report.examples
        .filter((x) => x.on === 'amd_cpu_kvm')
        .flatMap((x) => x.answers.map((a) => a.consumer)),
    );
    expect(kvm).toEqual(new Set(['kvm', 'kvm-6.5', 'kvm-6.4']));
  });

  it("shows the counters beside the outcome, so KVM's AMD generations differ on a Zen 4 host", () => {
    const zen4 = report.examples.find((x) =>
      x.title.startsWith('Zen 4 host: KVM offers PerfMonV2'),
    );
    const cell = (c: string) => zen4?.answers.find((a) => a.consumer === c)?.cell.text ?? '';
    expect(cell('kvm')).toMatch(/^software; .*guest_perfmon_eax = 0x1\b.*version = 0x2\b/);
    expect(cell('kvm-6.4')).toMatch(/^software; .*guest_perfmon = false.*version = 0x1\b/);
    expect(cell('kvm')).not.toBe(cell('kvm-6.4'));
  });
});
