import { descentVitestConfig } from '../../vitest.shared';

// Training runs take a few seconds each on a shared 2-core machine.
export default descentVitestConfig({ testTimeout: 180_000 });
