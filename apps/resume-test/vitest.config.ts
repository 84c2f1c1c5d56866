import { descentVitestConfig } from '../../vitest.shared';

export default descentVitestConfig();
