import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Opening an on-disk PGlite runs initdb (several seconds on two cores).
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
