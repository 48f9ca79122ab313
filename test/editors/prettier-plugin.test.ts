/**
 * prettier-plugin-pmumap over every shipped table (vendor included) and every
 * fixture that parses: formatting is idempotent, changes no meaning (the
 * same AST and the same compiled model or diagnostics, positions aside) and
 * keeps every comment, in order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import plugin, { format } from '../../packages/prettier-plugin-pmumap/src/index.js';
import { compile } from '../../src/compile.ts';
import type { SourceFile } from '../../src/diagnostics/source-file.ts';
import { parse } from '../../src/syntax/parse.ts';
import { ROOT } from '../helpers.ts';

function pmumapFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.pmumap') && !p.includes('generated'))
    .map((p) => join(dir, p))
    .sort();
}

function source(path: string): SourceFile {
  return { path, text: readFileSync(join(ROOT, path), 'utf8') };
}

const tables = pmumapFiles('tables').map(source);
/** The compiler's parser accepts it (some fixtures hold a control character or nest too deep). */
function parses(file: SourceFile): boolean {
  return parse(file).ast !== undefined;
}

const fixtures = pmumapFiles('test/fixtures').map(source).filter(parses);

/** Positions and provenance removed: what a file means, not where. */
function meaning(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'span' || key === 'origin' || key === 'start' || key === 'end'
        ? undefined
        : typeof v === 'bigint'
          ? `${v}n`
          : v,
    ),
  );
}

/** Comment texts in order, found by a scan that skips strings (not the plugin's scanner). */
function comments(text: string): string[] {
  const tokens = /"(?:\\[\s\S]|[^"\\\n])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  return [...text.matchAll(tokens)].map((m) => m[0].trimEnd()).filter((t) => !t.startsWith('"'));
}

const formatted = new Map<string, string>();
function formattedOf(file: SourceFile): string {
  let text = formatted.get(file.path);
  if (text === undefined) formatted.set(file.path, (text = format(file.text)));
  return text;
}

describe('prettier-plugin-pmumap', () => {
  it('covers every table and the fixtures that parse', () => {
    expect(tables.length).toBeGreaterThan(100);
    expect(tables.filter((f) => f.path.includes('vendor')).length).toBeGreaterThan(90);
    expect(fixtures.length).toBeGreaterThan(50);
  });

  it.each([...tables, ...fixtures].map((f) => [f.path, f] as const))(
    '%s: idempotent, same AST, every comment kept',
    (_path, file) => {
      const once = formattedOf(file);
      // Already formatted (every shipped table): the properties hold by identity,
      // and reparsing the 25,000 vendor lines twice more would only cost time.
      if (once === file.text) return;
      expect(format(once)).toBe(once);
      const before = parse(file);
      const after = parse({ path: file.path, text: once });
      expect(after.diagnostics).toEqual([]);
      expect(meaning(after.ast)).toEqual(meaning(before.ast));
      expect(comments(once)).toEqual(comments(file.text));
    },
  );

  it('the shipped tables (vendor included) are formatted', () => {
    const unformatted = tables.filter((f) => formattedOf(f) !== f.text).map((f) => f.path);
    expect(unformatted).toEqual([]);
  });

  it('the formatted shipped tables compile to the same model', () => {
    const shippedOnly = tables.filter((f) => !f.path.startsWith('tables/vendor/'));
    const before = compile(shippedOnly);
    const after = compile(shippedOnly.map((f) => ({ ...f, text: formattedOf(f) })));
    expect(before.model).toBeDefined();
    expect(meaning(after.model)).toEqual(meaning(before.model));
  });

  it('each fixture compiles to the same model, or the same diagnostics, once formatted', () => {
    const changed = fixtures.filter((f) => formattedOf(f) !== f.text);
    expect(changed.length).toBeGreaterThan(10);
    for (const file of changed) {
      const before = compile([file]);
      const after = compile([{ ...file, text: formattedOf(file) }]);
      // Messages may cite a line (file.pmumap:19): positions aside, as elsewhere.
      const codes = (r: typeof before) =>
        r.diagnostics.map((d) => [d.code, d.message.replace(/\.pmumap:\d+/g, '.pmumap')]);
      expect(codes(after), file.path).toEqual(codes(before));
      expect(meaning(after.model), file.path).toEqual(meaning(before.model));
    }
  });

  it('spacing and indentation changed at random format back to each shipped table', () => {
    // Seeded (mulberry32): the same perturbation every run.
    let seed = 0x9e3779b9;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const runs = [' ', '  ', '\t', ' \t ', '    '];
    // Only existing runs of spaces change: the grammar's lexical rules
    // (0x3c:0x00, kvm-5.18, PMEVTYPER<n>_EL0) take none inside.
    const perturb = (text: string) =>
      text.replace(/"(?:\\[\s\S]|[^"\\\n])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[ \t]+/g, (m) =>
        /^[ \t]/.test(m) ? (runs[Math.floor(random() * runs.length)] ?? ' ') : m,
      );
    const plain = tables.filter((f) => !f.path.startsWith('tables/vendor/'));
    expect(plain.length).toBeGreaterThan(15);
    for (const file of plain) {
      const messy = perturb(file.text);
      expect(messy).not.toBe(file.text);
      expect(format(messy), file.path).toBe(formattedOf(file));
    }
  });

  it('lays out a file written any which way like the shipped tables', () => {
    const messy = [
      '// header',
      '',
      '',
      'enum   E : 4 { A = 0 "first"   B = 1 } // trailing',
      'register R : 64 { 63:16 res0 15:0 f : E "field" when x   >= 2 }',
      'consumer c implements i "x" { // after the brace',
      '  let v = f( a,b ) [ 3 : 0 ]',
      '      // before a step',
      '  when   no: !( v in {1,2} ) => refuse NO "n"',
      '  => perf {',
      '  type = 4, config = v,',
      '  }',
      '  // last in the block',
      '}',
      'example "e" on i { given a = 1,b = 2 expect c : perf { type = 4 } }',
      'core k "K" : p {',
      '  event   0x3c:0x00   cmask=1 "X"@4',
      '}',
      'system s "S" {   a    b }',
    ].join('\n');
    expect(format(messy)).toBe(
      [
        '// header',
        '',
        'enum E : 4 {',
        '  A = 0 "first"',
        '  B = 1',
        '} // trailing',
        'register R : 64 {',
        '  63:16 res0',
        '  15:0 f : E "field" when x >= 2',
        '}',
        'consumer c implements i "x" { // after the brace',
        '  let v = f(a, b)[3:0]',
        '  // before a step',
        '  when no: !(v in {1, 2}) => refuse NO "n"',
        '  => perf {',
        '    type = 4,',
        '    config = v',
        '  }',
        '  // last in the block',
        '}',
        'example "e" on i {',
        '  given a = 1, b = 2',
        '  expect c: perf { type = 4 }',
        '}',
        'core k "K" : p {',
        '  event 0x3c:0x00 cmask=1 "X" @4',
        '}',
        'system s "S" { a b }',
        '',
      ].join('\n'),
    );
  });

  it("lays out roles, guest counters, an arch's leaf and keys, a whole-CPU command, protocols and machines", () => {
    const messy = [
      'interface i "x" { input hypervisor : bool = false   role hypervisor "h" output event : E role   event // the event',
      '}',
      'arch a "A" { default   leaf L "leaf"  guest keys legacy = kvm-legacy,mediated = kvm-mediated "keys"',
      '  host guest = map { SET_PMU = emulated given pmu = pmu,counter = counter cycles on 31   event e.CPU_CYCLES }',
      '  command cpu "a whole CPU" { vendor V.ebx,V.edx , V.ecx encode sig default sdm identify id default linux',
      '    // Intel',
      '    for X.INTEL,X.AMD given hygon = true { perf = p default linux-perf guest = g }',
      '    for X.ZX { generic = g default linux-perf over perf_id "x" } } }',
      'protocol p on arm64 "doc" { errno EBUSY = 16 "busy" state vm has_run : bool = false',
      '  call vcpu.set( attr : Attr,value : u64 = 0 ) "set" host pmu( type : u64 )',
      '  explore 2 vcpus { host pmu( 8,6 ) vcpu.set.value in {0,23} } }',
      'machine kvm-6.16 implements p "x" { status mainline v6.16 .. on vcpu.set when created: vcpu.created => - EBUSY',
      '  on vcpu.set => 0 { vcpu.irq = value,vm.n = 1 } }',
      'machine kvm-5.17 implements p extends kvm-6.16 { status mainline .. v5.17 of kvm-6.16 drop x before created on vcpu.set let y = 1 }',
    ].join('\n');
    expect(format(messy)).toBe(
      [
        'interface i "x" {',
        '  input hypervisor : bool = false role hypervisor "h"',
        '  output event : E role event // the event',
        '}',
        'arch a "A" {',
        '  default leaf L "leaf"',
        '  guest keys legacy = kvm-legacy, mediated = kvm-mediated "keys"',
        '  host guest = map {',
        '    SET_PMU = emulated',
        '    given pmu = pmu, counter = counter',
        '    cycles on 31 event e.CPU_CYCLES',
        '  }',
        '  command cpu "a whole CPU" {',
        '    vendor V.ebx, V.edx, V.ecx',
        '    encode sig default sdm',
        '    identify id default linux',
        '    // Intel',
        '    for X.INTEL, X.AMD given hygon = true {',
        '      perf = p default linux-perf',
        '      guest = g',
        '    }',
        '    for X.ZX {',
        '      generic = g default linux-perf over perf_id "x"',
        '    }',
        '  }',
        '}',
        'protocol p on arm64 "doc" {',
        '  errno EBUSY = 16 "busy"',
        '  state vm has_run : bool = false',
        '  call vcpu.set(attr : Attr, value : u64 = 0) "set"',
        '  host pmu(type : u64)',
        '  explore 2 vcpus {',
        '    host pmu(8, 6)',
        '    vcpu.set.value in {0, 23}',
        '  }',
        '}',
        'machine kvm-6.16 implements p "x" {',
        '  status mainline v6.16 ..',
        '  on vcpu.set when created: vcpu.created => -EBUSY',
        '  on vcpu.set => 0 { vcpu.irq = value, vm.n = 1 }',
        '}',
        'machine kvm-5.17 implements p extends kvm-6.16 {',
        '  status mainline .. v5.17 of kvm-6.16',
        '  drop x',
        '  before created on vcpu.set let y = 1',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('formats through prettier, and reports a syntax error at its line', async () => {
    const options = { parser: 'pmumap', plugins: [plugin] };
    expect(await prettier.format('enum E : 1 { A = 0 }', options)).toBe(
      'enum E : 1 {\n  A = 0\n}\n',
    );
    await expect(prettier.format('enum E : 1 {\n  A = \n}', options)).rejects.toMatchObject({
      loc: { start: { line: 3 } },
    });
    const info = await prettier.getFileInfo(join(ROOT, 'tables/x86/kvm.pmumap'), {
      plugins: [plugin],
      ignorePath: [],
    });
    expect(info.inferredParser).toBe('pmumap');
  });
});
