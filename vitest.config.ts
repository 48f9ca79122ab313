import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // One compile of the shipped tables per run, shared by every test file.
    globalSetup: ['test/global-setup.ts'],
  },
});
