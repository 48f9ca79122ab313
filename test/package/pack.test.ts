/**
 * The package as a user gets it: build, `npm pack`, install the tarball into
 * a fresh project, then use it there: the bin through npx, the library API
 * typechecked with `tsc --strict` (no skipLibCheck: our .d.ts are checked
 * too, without @types/node) and run, a generated table imported as data, and `import('pmumap')`
 * from plain Node ESM. One pack and one install per run (about 30 s, most
 * of it the build, skipped when dist/ is fresh). Every child runs on the Node running this test, so the
 * multi-version CI checks the installed package on each version.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { buildIfStale } from './fresh-build.ts';
import { staticImports } from './static-imports.ts';

const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The Node running this test first on PATH (npx, npm and #!/usr/bin/env node use it). */
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env['PATH'] ?? ''}`,
  npm_config_update_notifier: 'false',
};
delete env['PMUMAP_CACHE_DIR'];
delete env['NODE_OPTIONS'];

function run(cwd: string, command: string, args: readonly string[]): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
}

/** What a user's install has no use for: tests, fixtures, sources, docs, a cargo build folder. */
const UNWANTED =
  /^(test|docs|scripts|src|grammar|examples|\.ci|scratch)\/|fixtures|\.test\.|\/target\/|^tsconfig|^vitest/;

/** The program a user would write: the API, typed answers, and one generated table as data. */
const APP = `
import { loadShippedTables, PmumapError, type Answer, type InterfaceInfo } from 'pmumap';
import { x86Pmus } from 'pmumap/tables/x86-pmus';

declare const console: { log(text: string): void };

const tables = loadShippedTables();
const iface: InterfaceInfo = tables.interface('kvm_evtype_write');
const answer: Answer = tables.run('kvm_evtype_write', 'kvm', {
  pmu: 'apple_m1',
  pmuver: 'IMP',
  counter: 0,
  value: 0x4008n,
});
const config: bigint | boolean | undefined =
  answer.outcome?.kind === 'perf' ? answer.outcome.attr['config'] : undefined;
let mistake = '';
try {
  tables.run('kvm_evtype_write', 'kvm', { counter: 99, value: 8 });
} catch (e) {
  if (e instanceof PmumapError) mistake = e.message;
}
console.log(
  JSON.stringify({
    consumers: iface.consumers.map((c) => c.name),
    kind: answer.outcome?.kind,
    config: typeof config === 'bigint' ? '0x' + config.toString(16) : null,
    event: answer.outputNames['event'],
    decidedAt: answer.decidedAt,
    mistake,
    pmus: x86Pmus.pmus.map((p) => p.name),
  }),
);
`;

describe('the packed package, installed in a new project', () => {
  let work = '';
  let project = '';
  let files: string[] = [];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'pmumap-pack-'));
    project = join(work, 'project');
    mkdirSync(project);
    buildIfStale(ROOT, env);
    const packed = JSON.parse(
      run(ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]),
    ) as { filename: string; files: { path: string }[] }[];
    files = packed[0]?.files.map((f) => f.path) ?? [];
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'uses-pmumap', private: true, type: 'module' }),
    );
    run(project, 'npm', [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(work, packed[0]?.filename ?? ''),
    ]);
  }, 300_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the built code, its types, the grammar bundle and the tables, and no tests', () => {
    for (const f of [
      'bin/pmumap.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/grammar/pmumap.ohm-bundle.js',
      'dist/fingerprint.txt',
      'tables/arm64/kvm-vpmu.pmumap',
      'tables/vendor/intel/LICENSE',
      'dist/tables/generated/ts/x86-pmus.js',
      'dist/tables/generated/ts/x86-pmus.d.ts',
    ])
      expect(files).toContain(f);
    expect(files.some((f) => f.startsWith('tables/generated/'))).toBe(true);
    expect(files.filter((f) => UNWANTED.test(f))).toEqual([]);
  });

  it('npx pmumap --version prints the package version', () => {
    expect(run(project, 'npx', ['pmumap', '--version']).trim()).toBe(VERSION);
  });

  it("npx pmumap map: KVM maps Apple M1's INST_RETIRED to its 0x8c (README)", () => {
    const out = run(project, 'npx', [
      'pmumap',
      'map',
      'arm64',
      // No tables path: a project without ./tables gets the ones pmumap ships.
      '--pmu',
      'apple-m1',
      '--pmuver',
      'IMP',
      '--counter',
      '0',
      '--value',
      '0x4008',
      '--json',
    ]);
    expect(JSON.parse(out)).toMatchObject({
      outcome: 'perf',
      event: 'INST_RETIRED',
      attr: { type: 8, config: '0x8c' },
      source: 'node_modules/pmumap/tables/arm64/kvm-vpmu.pmumap:60',
      consumer: 'kvm',
    });
  });

  it('a TypeScript program typechecks under tsc --strict and runs', () => {
    writeFileSync(join(project, 'app.ts'), APP);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          // Our .d.ts are checked, and need no @types/node (checking those
          // alone takes 15 s here, so the program declares console itself).
          types: [],
          skipLibCheck: false,
        },
        files: ['app.ts'],
      }),
    );
    run(project, process.execPath, [TSC, '-p', '.']);
    const out = JSON.parse(run(project, process.execPath, ['app.js'])) as unknown;
    expect(out).toEqual({
      consumers: ['kvm', 'kvm-5.18', 'kvm-fixed-counters-only', 'kvm-partitioned'],
      kind: 'perf',
      config: '0x8c',
      event: 'INST_RETIRED',
      decidedAt: 'tables/arm64/kvm-vpmu.pmumap:60',
      mistake: expect.stringContaining("input 'counter' of 'kvm_evtype_write': 99 is outside"),
      pmus: expect.arrayContaining(['intel_core']),
    });
  });

  it("import('pmumap') works from plain Node ESM", () => {
    const out = run(project, process.execPath, [
      '--input-type=module',
      '-e',
      "const m = await import('pmumap'); console.log(Object.keys(m).sort().join(' '));",
    ]);
    expect(out.trim()).toBe('PmuTables PmumapError loadShippedTables loadTablesDirectory');
  });

  it('loading the shipped tables needs no compiler: the API and the tables import no parser', () => {
    const pkg = join(project, 'node_modules', 'pmumap');
    const api = staticImports(join(pkg, 'dist/src/index.js'));
    const compiler = (f: string): boolean =>
      f === 'ohm-js' || /\/(grammar|check)\/|\/(compile|parse)\.js$/.test(f);
    expect(api.filter(compiler)).toEqual([]);
    // The compiler is in the package, loaded on demand (loadTablesDirectory).
    expect(staticImports(join(pkg, 'dist/src/compile.js')).filter(compiler)).not.toEqual([]);
    const table = staticImports(join(pkg, 'dist/tables/generated/ts/index.js'));
    expect(table.filter((f) => !f.includes('/dist/tables/generated/ts/'))).toEqual([]);
  });
});
