import { descentVitestConfig } from '../../vitest.shared';

// The browser test builds the app and runs Chromium on a shared 2-core machine.
export default descentVitestConfig({ testTimeout: 300_000 });
