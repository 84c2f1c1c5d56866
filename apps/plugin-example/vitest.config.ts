import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // WebGPU on a software renderer (Mesa llvmpipe) is slow.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Dawn (WebGPU for Node) is a native addon: one process per test file, one file at a time.
    pool: 'forks',
    fileParallelism: false,
    // The JSON file is read by the Descent monorepo's test summary; drop it in your own package.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
  },
});
