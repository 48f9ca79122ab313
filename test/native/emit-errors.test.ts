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
import { compileSnippet } from '../helpers.ts';

const CLASH = `
pmu x "a pmu" { counter 0 programmable }
table x_fixed_event : u8 -> u8 "spelt like the fixed_event table of pmu x" { 0 -> 1 }
`;

describe('inexpressible models', () => {
  it('two items that would share a C name are an EmitError naming both', () => {
    const r = compileSnippet(CLASH, 'tables/clash.pmumap');
    expect(r.diagnostics).toEqual([]);
    const emit = () => emitAll(r.model!, ['tables/clash.pmumap']);
    expect(emit).toThrow(EmitError);
    expect(emit).toThrow(/fixed_event table of pmu x and table x_fixed_event/);
    // The TypeScript and JSON targets are unaffected.
    expect(emitAll(r.model!, ['tables/clash.pmumap'], ['ts', 'json']).map((g) => g.path)).toEqual([
      'json/clash.json',
      'json/pmumap.schema.json',
      'ts/clash.ts',
      'ts/index.ts',
      'ts/merge.ts',
      'ts/model.ts',
    ]);
  });

  it('a source named like a file the target adds (c/pmumap.h) is an EmitError, not an overwrite', () => {
    const r = compileSnippet('enum e : 8 "an enum" { a = 1 "one" }', 'tables/pmumap.pmumap');
    expect(r.diagnostics).toEqual([]);
    expect(() => emitAll(r.model!, ['tables/pmumap.pmumap'], ['c'])).toThrow(
      /two generated files would be c\/pmumap\.h/,
    );
  });

  it('a source spelt like a module of the crate (types) is an EmitError', () => {
    const r = compileSnippet('enum e : 8 "an enum" { a = 1 "one" }', 'tables/types.pmumap');
    expect(r.diagnostics).toEqual([]);
    expect(() => emitAll(r.model!, ['tables/types.pmumap'], ['rust'])).toThrow(
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
