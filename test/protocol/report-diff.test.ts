/**
 * The report and diff cover protocols: a state table per machine (each
 * transition with its call, step, guard, result, effects and line), and a
 * diff that names machines added and removed and each changed transition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { semanticDiff } from '../../src/diff/semantic-diff.ts';
import { formatDiff } from '../../src/diff/format-diff.ts';
import type { Model } from '../../src/model/model.ts';
import { collectReport } from '../../src/query/report/collect.ts';
import { renderHtml } from '../../src/report/render-html.ts';
import { renderMarkdown } from '../../src/report/render-markdown.ts';
import { loadTables } from '../../src/runtime/tables.ts';
import { ROOT } from '../helpers.ts';

const path = 'test/fixtures/protocol/toy.pmumap';
const text = readFileSync(join(ROOT, path), 'utf8');
const model = (t: string): Model => {
  const r = compile([{ path, text: t }]);
  if (!r.model) throw new Error(JSON.stringify(r.diagnostics));
  return r.model;
};
const before = model(text);

describe('protocols in report and diff', () => {
  it('the report has a state table per machine, one row per transition', () => {
    const data = collectReport(before, loadTables(before));
    const md = renderMarkdown(data, { version: 'test', sources: [path] });
    expect(md).toContain('## Protocols');
    expect(md).toContain('#### toy-1 extends toy-2: mainline up to v1.9');
    expect(md).toContain(
      `| vcpu.set | set_pmu | attr == ToyAttr.SET_PMU | 0 | vm.pmu = value, vm.counters = host.pmu[value].counters | ${path}:54 |`,
    );
    // toy-1 dropped filter_after_run: its table has no such row.
    const toy1 = md.slice(md.indexOf('#### toy-1'), md.indexOf('#### toy-fixed'));
    expect(toy1).not.toContain('filter_after_run');
    expect(md.slice(md.indexOf('#### toy-2'))).toContain('filter_after_run');
    const html = renderHtml(data, { version: 'test', sources: [path] });
    expect(html).toContain('<section id="protocols">');
  });

  it('diff names the changed transitions and the machines added or removed', () => {
    const after = model(
      text
        .replace('vm.filtered && vm.pmu != value) => -EBUSY', 'vm.filtered) => -EBUSY')
        .replace(/machine toy-1 [\s\S]*?\n}\n/, '')
        .replace(
          'on vcpu.run => 0 { vm.has_run = true }',
          'on vcpu.run => 0 { vm.has_run = true, vm.filtered = false }',
        ),
    );
    const d = semanticDiff(
      { model: before, tables: loadTables(before) },
      { model: after, tables: loadTables(after) },
    );
    expect(d.machinesRemoved.map((c) => c.subject)).toEqual(['machine toy_dev toy-1']);
    expect(d.transitionsChanged.map((c) => c.subject)).toEqual([
      'toy_dev toy-2: vcpu.run final',
      'toy_dev toy-2: vcpu.set pmu_busy',
      'toy_dev toy-fixed: vcpu.run final',
      'toy_dev toy-fixed: vcpu.set pmu_busy',
    ]);
    expect(d.transitionsChanged[1]).toMatchObject({
      from: 'when (attr == ToyAttr.SET_PMU) && (vm.has_run || (vm.filtered && (vm.pmu != value))) => -EBUSY',
      to: 'when (attr == ToyAttr.SET_PMU) && (vm.has_run || vm.filtered) => -EBUSY',
    });
    expect(formatDiff(d, 'a', 'b')).toContain('protocol transitions changed (4):');
  });
});
