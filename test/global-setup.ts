/**
 * Once per `vitest run`, before any test file: the compiled shipped tables
 * that every test file would otherwise compile for itself.
 *
 * - One private compile cache (mkdtemp: 0700, this user's) for every CLI
 *   call of every test file (test/helpers.ts sharedCache()), warmed with the
 *   default tables. Entries are keyed by the compiler's fingerprint and
 *   every source's path and text, so sharing them can never serve an answer
 *   for other sources; a test about the cache itself asks for a fresh one.
 * - The shipped model, compiled once and written as JSON for
 *   test/helpers.ts `shipped()` (a model round-trips through JSON exactly:
 *   the CLI's cache stores it the same way).
 * - The Chromium of the report tests, extracted once (test/report/browser.ts)
 *   before the test files that use it start side by side.
 *
 * All of it is removed at the end of the run, except the extracted Chromium
 * (node_modules/.cache, reused by the next run).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runCli } from '../src/cli/main.ts';
import { compile } from '../src/compile.ts';
import { chromiumExecutable } from '../scripts/chromium.mjs';
import { ROOT, shippedSources } from './helpers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared compile cache (test/helpers.ts sharedCache()). */
    readonly pmumapCacheDir: string;
    /** The shipped tables' model as JSON (test/helpers.ts). */
    readonly pmumapShippedModel: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmumap-test-'));
  const cacheDir = join(dir, 'cache');
  const shippedPath = join(dir, 'shipped-model.json');

  // A table error is left to the tests to report: shipped() then compiles and throws there.
  const result = compile(shippedSources());
  if (result.model) writeFileSync(shippedPath, JSON.stringify(result.model));

  // What most CLI tests start with: the default tables, through the CLI's own cache path.
  await runCli(['check'], {
    stdout: () => {},
    stderr: () => {},
    cwd: ROOT,
    env: { PMUMAP_CACHE_DIR: cacheDir },
  });

  // A Chromium that cannot be had is the report tests' failure to report, with its reason.
  await chromiumExecutable().catch(() => undefined);

  project.provide('pmumapCacheDir', cacheDir);
  project.provide('pmumapShippedModel', shippedPath);
  return () => rmSync(dir, { recursive: true, force: true });
}
