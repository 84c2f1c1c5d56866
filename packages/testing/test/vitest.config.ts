import { mergeConfig } from 'vitest/config';
import { descentVitestConfig } from '../../../vitest.shared';

export default mergeConfig(descentVitestConfig({ testTimeout: 180_000 }), {
  test: {
    include: ['*.test.ts'],
    // Dawn (WebGPU) is a native addon: one process per test file, files one after another (2 cores).
    pool: 'forks',
    fileParallelism: false,
  },
});
