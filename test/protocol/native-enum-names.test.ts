/**
 * The C and Rust step functions write an enum member the tables name
 * (`attr == ToyAttr.IRQ`, a state variable starting at `Mode.OFF`) as the
 * constant the generated header or module declares for it, not as its
 * number, and reach a member of another source's enum through that source's
 * header (`#include`) or module (`crate::<module>::`). That the result still
 * compiles clean is test/native/protocol-differential.test.ts's job.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.ts';
import { emitAll } from '../../src/emit/index.ts';
import type { Model } from '../../src/model/model.ts';
import { ROOT } from '../helpers.ts';

const emitted = (files: { path: string; text: string }[]): Map<string, string> => {
  const r = compile(files);
  if (!r.model) throw new Error(JSON.stringify(r.diagnostics));
  const out = emitAll(
    r.model as Model,
    files.map((f) => f.path),
    ['c', 'rust'],
  );
  return new Map(out.map((g) => [g.path, g.contents]));
};

/** The text of one step function (from its signature to the next machine). */
const stepOf = (text: string, fn: string): string => {
  const start = text.indexOf(`${fn}(`);
  expect(start, fn).toBeGreaterThan(0);
  const end = text.indexOf('Machine ', start);
  return text.slice(start, end < 0 ? undefined : end);
};

describe('protocol step functions name enum members', () => {
  const toy = 'test/fixtures/protocol/toy.pmumap';
  const files = emitted([{ path: toy, text: readFileSync(join(ROOT, toy), 'utf8') }]);

  it('C compares an argument with the enum macro of the header', () => {
    const c = stepOf(
      files.get('c/test-fixtures-protocol-toy.h')!,
      'pmumap_proto_toy_dev_toy_2_step',
    );
    expect(c).toContain('if (a->vcpu_set_attr == PMUMAP_TOYATTR_IRQ) {');
    expect(c).toContain('(a->vcpu_set_attr == PMUMAP_TOYATTR_SET_PMU)');
    expect(c).not.toMatch(/attr == 0x/);
    expect(files.get('c/test-fixtures-protocol-toy.h')).toContain(
      '#define PMUMAP_TOYATTR_IRQ 0x0ULL',
    );
  });

  it('Rust compares an argument with the enum const of the module', () => {
    const rs = stepOf(
      files.get('rust/src/test_fixtures_protocol_toy.rs')!,
      'proto_toy_dev_toy_2_step',
    );
    expect(rs).toContain('if a.vcpu_set_attr == TOYATTR_IRQ {');
    expect(rs).not.toMatch(/attr == 0x/);
    expect(files.get('rust/src/test_fixtures_protocol_toy.rs')).toContain(
      'pub const TOYATTR_IRQ: u64 = 0x0;',
    );
  });

  it("another source's enum: its header is included, its module named; an enum state starts at its member", () => {
    const modes = {
      path: 'modes.pmumap',
      text: 'arch toy { }\nenum Mode : 2 { OFF = 0 ON = 1 AUTO = 2 }\n',
    };
    const dev = {
      path: 'dev.pmumap',
      text: [
        'import "modes.pmumap"',
        'protocol dev on toy {',
        '  errno EINVAL = 22',
        '  state vm mode : Mode = Mode.AUTO',
        '  call vcpu.set(mode : Mode)',
        '}',
        'machine dev-1 implements dev {',
        '  on vcpu.set when same: vm.mode == mode => -EINVAL',
        '  on vcpu.set => 0 { vm.mode = Mode.ON }',
        '}',
        '',
      ].join('\n'),
    };
    const out = emitted([modes, dev]);
    const h = out.get('c/dev.h')!;
    expect(h).toContain('#include "modes.h"');
    expect(h).toContain('s->mode = PMUMAP_MODE_AUTO;');
    expect(stepOf(h, 'pmumap_proto_dev_dev_1_step')).toMatch(/= PMUMAP_MODE_ON;/);
    const rs = out.get('rust/src/dev.rs')!;
    expect(rs).toContain('mode: crate::modes::MODE_AUTO,');
    expect(stepOf(rs, 'proto_dev_dev_1_step')).toContain('= crate::modes::MODE_ON;');
  });
});
