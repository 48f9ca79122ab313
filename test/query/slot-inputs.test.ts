/**
 * Which slot inputs a whole-CPU command exposes as options
 * (src/query/cpu/slot-inputs.ts), on a small arch: an input with a default
 * that no register types and no `given` binds is one (an enum's default
 * shown by member name); a register-typed input, one without a default and
 * a `given`-bound one are not; one name taken by two slot interfaces is one
 * option naming both. (The x86 generic slot's `over` input: cpu-slot-inputs.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slotInputOptions, slotInputValues } from '../../src/query/cpu/slot-inputs.ts';
import { compileSnippet, ROOT } from '../helpers.ts';

// The PM2375 fixture's arch, its `given` made valid, with a guest slot per vendor.
const base = readFileSync(join(ROOT, 'test/fixtures/diagnostics/cpu-command-given.pmumap'), 'utf8')
  .split('\n')
  .slice(2)
  .join('\n')
  .replace(
    'input fam : u8 = 0',
    'input fam : u8 = 0\n  input switch : bool = true "a module switch"\n  input count : u8 "no default"',
  )
  .replace('given fam = model', 'given fam = family')
  .replace(
    '      perf = p default q\n    }',
    '      perf = p default q\n      guest = g\n    }\n    for Ven.B {\n      guest = g\n    }',
  )
  .replace(
    'arch a "a" {',
    'interface g "guest" {\n  input b : V.ebx = 0\n  input switch : bool = true "the same switch"\n  input level : u8 = 3 "a level"\n  output n : u8 "n"\n  outcome\n}\nconsumer r implements g "r" {\n  status mainline v6.1 ..\n  output n = level\n  => refuse X "x"\n}\narch a "a" {',
  );

function command() {
  const { model, diagnostics } = compileSnippet(base);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { model: model!, cmd: model!.archs[0]!.cpuCommands![0]! };
}

describe('slot inputs as options of a whole-CPU command', () => {
  it('exposes defaulted inputs no register or given binds, one option per name', () => {
    const { model, cmd } = command();
    expect(
      slotInputOptions(model, cmd).map((o) => [o.option, o.defaultText, o.interfaces]),
    ).toEqual([
      ['switch', 'true', ['p', 'g']],
      ['id', 'A', ['p']],
      ['level', '3', ['g']],
    ]);
  });

  it('parses the values by the input type', () => {
    const { model, cmd } = command();
    const given: Record<string, string> = { switch: 'false', level: '0x7' };
    expect(slotInputValues(model, cmd, (o) => given[o])).toEqual({ switch: false, level: 7n });
  });
});
