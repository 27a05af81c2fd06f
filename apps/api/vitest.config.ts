import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time: most of a file's time is spent waiting on its database, its queue or its
    // child processes, and each file starts its own API on its own data directory.
    maxWorkers: 2,
    // A worker keeps its module graph from file to file instead of importing Nest, the core and the
    // registry again for each (that import was most of a short file's time). Each file still starts
    // its own API on its own database; nothing of a test lives in module state.
    isolate: false,
  },
});
