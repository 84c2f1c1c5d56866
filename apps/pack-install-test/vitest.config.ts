import { descentVitestConfig } from '../../vitest.shared';

// npm install from tarballs takes a while on a cold cache.
export default descentVitestConfig({ testTimeout: 300_000 });
