/**
 * A model the C or Rust target cannot express is an EmitError naming the
 * clash, and `pmumap gen` reports it as an error (exit 1, nothing written)
 * rather than crashing.
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

describe('inexpressible models', () => {
  it('two items that would share a C name are an EmitError naming both', () => {
    // Compiled as `y_fixed_event`, renamed after check (which reports the clash itself).
    const r = compileSnippet(
      CLASH.replace('table x_fixed_event', 'table y_fixed_event'),
      'tables/clash.pmumap',
    );
    expect(r.diagnostics).toEqual([]);
    const model = JSON.parse(
      JSON.stringify(r.model).replaceAll('y_fixed_event', 'x_fixed_event'),
    ) as Model;
    const emit = () => emitAll(model, ['tables/clash.pmumap']);
    expect(emit).toThrow(EmitError);
    expect(emit).toThrow(/fixed_event table of pmu x and table x_fixed_event/);
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

  // The emitters guard themselves whatever check says: a model of a plain source, moved to a
  // source path that clashes with a file or module every crate or C folder has.
  const moved = (to: string): Model => {
    const r = compileSnippet('enum e : 8 "an enum" { a = 1 "one" }', 'tables/plain.pmumap');
    expect(r.diagnostics).toEqual([]);
    return JSON.parse(JSON.stringify(r.model).replaceAll('tables/plain.pmumap', to)) as Model;
  };

  it('a source named like a file the target adds (c/pmumap.h) is an EmitError, not an overwrite', () => {
    expect(() => emitAll(moved('tables/pmumap.pmumap'), ['tables/pmumap.pmumap'], ['c'])).toThrow(
      /two generated files would be c\/pmumap\.h/,
    );
  });

  it('a source spelt like a module of the crate (types) is an EmitError', () => {
    expect(() => emitAll(moved('tables/types.pmumap'), ['tables/types.pmumap'], ['rust'])).toThrow(
      /Rust identifier 'types' would name both the crate's own module types and the module of tables\/types.pmumap/,
    );
  });

  it('pmumap gen exits 1 with one error line and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmumap-clash-'));
    mkdirSync(join(dir, 'tables'));
    writeFileSync(join(dir, 'tables/clash.pmumap'), CLASH);
    const r = await cli(['gen', '--out', 'out'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot generate the tables: C identifier .* would name both/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(() => readdirSync(join(dir, 'out'))).toThrow();
  });
});
