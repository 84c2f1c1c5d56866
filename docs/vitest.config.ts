import { mergeConfig } from 'vitest/config';
import { descentVitestConfig } from '../vitest.shared';

export default mergeConfig(descentVitestConfig({ testTimeout: 180_000 }), {
  // The guide's kit calls run on WebGPU too (Dawn, a native addon): one process per file.
  test: { pool: 'forks', fileParallelism: false },
});
