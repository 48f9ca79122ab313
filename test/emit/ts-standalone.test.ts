/**
 * The generated TypeScript tables stand alone: ts/ imports nothing outside
 * itself, its model.ts and merge.ts are src/model/model.ts and
 * src/runtime/merge.ts (so the copies cannot drift), and a copy of the
 * checked-in tables/generated/ts in a project with no access to src/
 * type-checks under `tsc --strict` and runs, giving the model the compiler
 * gives.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { emitAll } from '../../src/emit/index.ts';
import { ROOT, shipped, shippedSources } from '../helpers.ts';

const files = emitAll(
  shipped().model,
  shippedSources().map((s) => s.path),
  ['ts'],
);
const byPath = new Map(files.map((f) => [f.path, f.contents]));
const dir = mkdtempSync(join(tmpdir(), 'pmumap-ts-standalone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file's text after its generated-file marker line. */
const body = (path: string): string => (byPath.get(path) ?? '').replace(/^\/\/ [^\n]*\n/, '');

describe('generated TypeScript stands alone', () => {
  it('ts/model.ts is src/model/model.ts and ts/merge.ts is src/runtime/merge.ts', () => {
    const fix = (what: string) =>
      `src/emit/ts-support.ts holds a copy of ${what}: paste the file's new text there`;
    expect(body('ts/model.ts'), fix('src/model/model.ts')).toBe(
      readFileSync(join(ROOT, 'src/model/model.ts'), 'utf8'),
    );
    const merge = readFileSync(join(ROOT, 'src/runtime/merge.ts'), 'utf8');
    expect(body('ts/merge.ts'), fix('src/runtime/merge.ts (imports as ./model.js)')).toBe(
      merge.replaceAll("'../model/model.ts'", "'./model.js'"),
    );
  });

  it('imports only its own files (as emitted and as checked in)', () => {
    const checkedIn = readdirSync(join(ROOT, 'tables/generated/ts')).map((name) => ({
      path: `ts/${name}`,
      contents: readFileSync(join(ROOT, 'tables/generated/ts', name), 'utf8'),
    }));
    expect(checkedIn.map((f) => f.path).sort()).toEqual(files.map((f) => f.path).sort());
    for (const f of [...files, ...checkedIn]) {
      for (const m of f.contents.matchAll(/^(?:import|export)[^'\n]*from '([^']+)'/gm)) {
        expect(m[1], f.path).toMatch(/^\.\/[a-z0-9-]+\.js$/);
        expect(byPath.has(`ts/${m[1]?.slice(2, -3)}.ts`), `${f.path} -> ${m[1]}`).toBe(true);
      }
    }
  });

  it('type-checks under tsc --strict in a project without src/, and runs', async () => {
    cpSync(join(ROOT, 'tables/generated/ts'), join(dir, 'tables'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          target: 'es2022',
          lib: ['es2022'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          types: [],
          outDir: 'out',
        },
        include: ['use.ts', 'tables/*.ts'],
      }),
    );
    writeFileSync(
      join(dir, 'use.ts'),
      [
        "import { model, type MInterface, type Model } from './tables/index.js';",
        "import { mergeModels } from './tables/index.js';",
        'export const names: string[] = model.interfaces.map((i: MInterface) => i.name);',
        'export const again: Model = mergeModels([model]);',
        '',
      ].join('\n'),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', '.'], { cwd: dir }).catch(
      (e: { stdout?: string }) => {
        throw new Error(`tsc --strict failed:\n${e.stdout ?? String(e)}`);
      },
    );
    const mod = (await import(pathToFileURL(join(dir, 'out/use.js')).href)) as {
      names: string[];
      again: { consumers: unknown[] };
    };
    expect(mod.names).toEqual(shipped().model.interfaces.map((i) => i.name));
    expect(mod.again.consumers).toHaveLength(shipped().model.consumers.length);
  }, 60_000);
});
