/**
 * The import graph of src/ and of the generated TypeScript tables keeps
 * the layers issue 16 (item 1) lists running one way:
 * - nothing imports src/cli/ but src/cli/ itself and the API's entry
 *   (src/index.ts; bin/pmumap.js is outside src/): the front-ends (cli,
 *   lsp, api, report, diff) parse and format, and the code that asks the
 *   tables a question is one room below them, src/query;
 * - the runtime imports only the runtime and the model's schema
 *   (src/model/model.ts), and tables/generated/ts/ only itself, so both
 *   ship without compiler code;
 * - the compiler runs syntax -> check -> model -> emit: a stage imports no
 *   later stage (the schema aside);
 * - the rooms (folders) of src/ are in one order, each importing only the
 *   rooms below it, so rooms cannot import each other; no file cycles.
 * Static imports, `export ... from` and `import()` of a literal path all
 * count; type-only imports count too (they are still a dependency of the
 * source). Today's violations are listed below as known exceptions, each
 * with why it is there: the test fails on any new one. When one is fixed,
 * delete its line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

function walk(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.m?ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Repository-relative file -> the repository-relative files it imports. */
function importGraph(): Map<string, string[]> {
  const files = [...walk(join(ROOT, 'src'), []), ...walk(join(ROOT, 'tables/generated/ts'), [])];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
    const specs: string[] = [];
    const visit = (n: ts.Node): void => {
      if (
        (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
        n.moduleSpecifier &&
        ts.isStringLiteral(n.moduleSpecifier)
      )
        specs.push(n.moduleSpecifier.text);
      if (
        ts.isCallExpression(n) &&
        n.expression.kind === ts.SyntaxKind.ImportKeyword &&
        n.arguments[0] &&
        ts.isStringLiteral(n.arguments[0])
      )
        specs.push(n.arguments[0].text);
      ts.forEachChild(n, visit);
    };
    visit(source);
    const deps = specs
      .filter((s) => s.startsWith('.'))
      .map((s) =>
        relative(ROOT, resolve(dirname(file), s))
          .replace(/\\/g, '/')
          .replace(/\.js$/, '.ts'),
      );
    graph.set(relative(ROOT, file).replace(/\\/g, '/'), [...new Set(deps)].sort());
  }
  return graph;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, deps]) =>
  deps.filter((d) => graph.has(d)).map((to) => ({ from, to })),
);
const text = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;

/** The files of one strongly connected component of more than one file, sorted. */
function cycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        on.delete(w);
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out.map((c) => c).sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

// Known exceptions, 2026-12-04. Each line is an import that breaks a rule
// today; a new violation fails the test.
const KNOWN_CLI_IMPORTERS: string[] = [];

const KNOWN_STAGE_ORDER = [
  // check reports what gen would refuse by running the emitters' own rules (PM2315-PM2318).
  'src/check/report-native-names.ts -> src/emit/native-check.ts',
  'src/check/report-native-names.ts -> src/emit/native-names.ts',
  'src/check/report-output-paths.ts -> src/emit/emit-c.ts',
  'src/check/report-output-paths.ts -> src/emit/emit-json.ts',
  'src/check/report-output-paths.ts -> src/emit/emit-rust.ts',
  'src/check/report-output-paths.ts -> src/emit/emit-ts.ts',
  'src/check/report-output-paths.ts -> src/emit/index.ts',
  'src/check/report-output-paths.ts -> src/emit/native-model.ts',
];

const KNOWN_FILE_CYCLES: string[] = [];

/**
 * The rooms of src/ from the bottom up: a file imports only files of its
 * own room or of rooms below it. The model's schema (src/model/model.ts) is
 * a room of its own, below the runtime; the model builder is above check.
 */
const ROOMS = [
  'src/diagnostics',
  'src/syntax',
  // Bounded reads, input limits, UsageError and did-you-mean: what every reader of user input throws.
  'src/io',
  'src/model/model.ts',
  'src/runtime',
  // Reading the machine: sysfs, CPU lists, CPUID dumps, device claims.
  'src/host',
  // The vendor importers and what a vendor core gives the tables (the checker runs these too).
  'src/vendor',
  'src/check',
  'src/model',
  // Protocols (issue 20): their checks, model, sequences and exploring, above the compiler's stages they use.
  'src/protocol',
  'src/emit',
  'src/compile.ts',
  // A tables project on disk: the sources walk, the fingerprint, the cached compile.
  'src/project',
  // Asks the tables a question: every answer a front-end parses for and formats.
  'src/query',
  'src/report',
  'src/diff',
  'src/api',
  'src/index.ts',
  'src/lsp',
  'src/cli',
];

const KNOWN_UPWARD = [...KNOWN_CLI_IMPORTERS, ...KNOWN_STAGE_ORDER];

const roomRank = (file: string): number => {
  if (file === 'src/model/model.ts') return ROOMS.indexOf(file);
  const parts = file.split('/');
  return ROOMS.indexOf(parts.length > 2 ? `src/${parts[1]}` : file);
};

const STAGES = ['src/syntax/', 'src/check/', 'src/model/', 'src/emit/'];
const SCHEMA = 'src/model/model.ts';
const stageOf = (f: string): number =>
  f === SCHEMA ? -1 : STAGES.findIndex((s) => f.startsWith(s));

describe('the import graph runs one way', () => {
  it('reads the graph (sanity: the CLI, compiler, runtime and generated tables are in it)', () => {
    for (const f of ['src/cli/main.ts', 'src/compile.ts', 'src/runtime/run.ts'])
      expect(graph.has(f), f).toBe(true);
    expect([...graph.keys()].some((f) => f.startsWith('tables/generated/ts/'))).toBe(true);
    expect(graph.get('src/compile.ts')).toContain('src/check/index.ts');
  });

  it('nothing outside src/cli imports it but the API entry (src/index.ts)', () => {
    const found = edges
      .filter((e) => e.to.startsWith('src/cli/') && !e.from.startsWith('src/cli/'))
      .filter((e) => e.from !== 'src/index.ts')
      .map(text);
    expect(found.filter((e) => !KNOWN_CLI_IMPORTERS.includes(e))).toEqual([]);
  });

  it('the runtime imports only the runtime and the model schema; the generated tables only themselves', () => {
    const runtime = edges
      .filter((e) => e.from.startsWith('src/runtime/'))
      .filter((e) => !e.to.startsWith('src/runtime/') && e.to !== SCHEMA)
      .map(text);
    expect(runtime).toEqual([]);
    const generated = edges
      .filter((e) => e.from.startsWith('tables/generated/ts/'))
      .filter((e) => !e.to.startsWith('tables/generated/ts/'))
      .map(text);
    expect(generated).toEqual([]);
  });

  it('the compiler stages run syntax -> check -> model -> emit', () => {
    const backwards = edges
      .filter((e) => stageOf(e.from) >= 0 && stageOf(e.to) > stageOf(e.from))
      .map(text);
    expect(backwards.filter((e) => !KNOWN_STAGE_ORDER.includes(e))).toEqual([]);
  });

  it('no file imports itself back', () => {
    const found = cycles([...graph.keys()], (f) => graph.get(f)?.filter((d) => graph.has(d)) ?? []);
    expect(found.map((c) => c.join(', ')).filter((c) => !KNOWN_FILE_CYCLES.includes(c))).toEqual(
      [],
    );
  });

  it('every file of src/ is in a room, and rooms import only rooms below them', () => {
    const src = [...graph.keys()].filter((f) => f.startsWith('src/'));
    expect(src.filter((f) => roomRank(f) < 0)).toEqual([]);
    const upward = edges
      .filter((e) => e.from.startsWith('src/') && roomRank(e.to) > roomRank(e.from))
      .map(text);
    expect(upward.filter((e) => !KNOWN_UPWARD.includes(e))).toEqual([]);
  });
});
