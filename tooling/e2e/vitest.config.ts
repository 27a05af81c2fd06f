import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two files at a time, as in the API suite: a walk spends most of its time waiting on its API
    // process, its database, its browser or its worker processes. Each file has its own ports,
    // databases, data directories and queue prefix, so two never share state.
    maxWorkers: 2,
  },
});
