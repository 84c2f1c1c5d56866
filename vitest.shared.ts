import { defineConfig } from 'vitest/config';

/**
 * The vitest settings every package shares. Besides the console report, each run writes
 * `.vitest-results.json`, which `scripts/test-summary.mjs` adds up into one closing line.
 */
export function descentVitestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.testTimeout ?? 30_000,
      reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    },
  });
}
