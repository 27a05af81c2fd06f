import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time: most of a file's time is spent waiting on its database, its queue or its
    // child processes, and each file starts its own API on its own data directory.
    maxWorkers: 2,
  },
});
