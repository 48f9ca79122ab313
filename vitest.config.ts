import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files that replace modules or globals (vi.mock, vi.stubEnv...): each
 * runs in a worker of its own. Found by reading the files, so a new one is
 * isolated without being listed here.
 */
function replacingFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .filter((f) => /\bvi\.(mock|doMock|stubEnv|stubGlobal)\(/.test(readFileSync(f, 'utf8')));
}
const ISOLATED = replacingFiles('test');
const TIMEOUT = 60_000;

// Measured on the 2-core machine while other work loaded it, CPU time (user +
// sys) of the whole run: 170 s with two workers, isolated; 131 s with the
// other test files sharing a worker's modules (the compiler is loaded and
// warmed once per worker instead of once per file). Test files still get
// their own shipped() model (test/helpers.ts).
export default defineConfig({
  test: {
    // One compile of the shipped tables per run, shared by every test file.
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default leaves a core to itself (cores - 1): one worker on the
    // 2-core machine. Two test files at a time there: 23% less wall time for
    // the whole run (5:01 against 6:31, loaded machine). Forks, not threads:
    // a worker thread's smaller stack changes the stack-limit tests (PM1005),
    // and threads took 7% more CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: ISOLATED,
          isolate: false,
          testTimeout: TIMEOUT,
        },
      },
      ...(ISOLATED.length > 0
        ? [{ test: { name: 'isolated', include: ISOLATED, testTimeout: TIMEOUT } }]
        : []),
    ],
  },
});
