import { mergeConfig } from 'vitest/config';
import { descentVitestConfig } from '../../vitest.shared';

export default mergeConfig(descentVitestConfig({ testTimeout: 180_000 }), {
  test: {
    // Mesa's EGL must not look for a display: Dawn's OpenGL ES backend runs headless.
    env: { EGL_PLATFORM: 'surfaceless' },
    // Dawn is a native addon: one process per test file, files one after another (2 cores).
    pool: 'forks',
    fileParallelism: false,
  },
});
