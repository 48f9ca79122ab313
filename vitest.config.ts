import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // One compile of the shipped tables per run, shared by every test file.
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default leaves a core to itself (cores - 1): one worker on the
    // 2-core machine. Two test files at a time there: measured on a loaded
    // 2-core machine, the whole run took 23% less wall time (5:01 against
    // 6:31) for 12% more CPU. Forks, not threads: a worker thread's smaller
    // stack changes the stack-limit tests (PM1005), and threads cost more CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
