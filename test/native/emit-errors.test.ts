/**
 * A model the C or Rust target cannot express: `pmumap check` reports it
 * at the declaration (PM2315-PM2318), so check fails where gen would, and
 * the emitters, handed such a model anyway, throw an EmitError with the
 * same words (one rule: src/emit/native-check.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emit/index.ts';
import { EmitError } from '../../src/emit/native-model.ts';
import { cli } from '../cli/run-cli.ts';
import type { Model } from '../../src/model/model.ts';
import { compileSnippet } from '../helpers.ts';

const CLASH = `
pmu x "a pmu" { counter 0 programmable }
table x_fixed_event : u8 -> u8 "spelt like the fixed_event table of pmu x" { 0 -> 1 }
`;

/** The clash as a model: the checker refuses the source, so the table is added to a checked model. */
function clashModel(): Model {
  const r = compileSnippet(CLASH.split('\n').slice(0, 2).join('\n'), 'tables/clash.pmumap');
  expect(r.diagnostics).toEqual([]);
  const model = r.model!;
  const origin = 'tables/clash.pmumap:3';
  const table = {
    name: 'x_fixed_event',
    keyType: 'u8',
    valueType: 'u8',
    origin,
    entries: [{ key: '0x0', value: '0x1', origin }],
  };
  return { ...model, tables: [...model.tables, table] };
}

describe('inexpressible models', () => {
  it('check reports two items that would share a C name (PM2315) once, at the second, with the first', () => {
    const r = compileSnippet(CLASH, 'tables/clash.pmumap');
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.span.start, d.message])).toEqual([
      [
        'PM2315',
        CLASH.indexOf('x_fixed_event'),
        "C identifier 'pmumap_x_fixed_event_entries' would name both the fixed_event table of pmu x and table x_fixed_event; rename one of them",
      ],
    ]);
  });

  it('the emitters refuse such a model by the same rule, with the same words', () => {
    const model = clashModel();
    const emit = () => emitAll(model, ['tables/clash.pmumap']);
    expect(emit).toThrow(EmitError);
    expect(emit).toThrow(
      "C identifier 'pmumap_x_fixed_event_entries' would name both the fixed_event table of pmu x and table x_fixed_event",
    );
    // The TypeScript and JSON targets are unaffected.
    expect(emitAll(model, ['tables/clash.pmumap'], ['ts', 'json']).map((g) => g.path)).toEqual([
      'json/clash.json',
      'json/pmumap.schema.json',
      'ts/clash.ts',
      'ts/index.ts',
      'ts/merge.ts',
      'ts/model.ts',
    ]);
  });

  it('a source named like a file the target adds (c/pmumap.h) is PM2318 in check and an EmitError in the emitter', () => {
    const text = 'enum e : 8 "an enum" { a = 1 "one" }';
    const r = compileSnippet(text, 'tables/pmumap.pmumap');
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'PM2318',
        'tables/pmumap.pmumap would generate c/pmumap.h, a file pmumap gen writes for every set of tables; rename the source',
      ],
    ]);
    const model = compileSnippet(text, 'tables/other.pmumap').model!;
    expect(() => emitAll(model, ['tables/pmumap.pmumap'], ['c'])).toThrow(
      /two generated files would be c\/pmumap\.h/,
    );
  });

  it('a source spelt like a module of the crate (types) is PM2315 in check', () => {
    const r = compileSnippet('enum e : 8 "an enum" { a = 1 "one" }', 'tables/types.pmumap');
    expect(r.diagnostics.map((d) => d.message)).toContain(
      "Rust identifier 'types' would name both the crate's own module types and the module of tables/types.pmumap; rename one of them",
    );
  });

  it('pmumap check and pmumap gen both exit 1 naming file:line:col, and gen writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-clash-'));
    mkdirSync(join(dir, 'tables'));
    writeFileSync(join(dir, 'tables/clash.pmumap'), CLASH);
    const check = await cli(['check', '--short'], dir);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/^tables\/clash\.pmumap:3:7: error PM2315: C identifier/);
    const gen = await cli(['gen', '--out', 'out'], dir);
    expect(gen.status).toBe(1);
    expect(gen.stderr).toMatch(/tables\/clash\.pmumap:3:7: error PM2315/);
    expect(() => readdirSync(join(dir, 'out'))).toThrow();
  });
});
