import { defineConfig } from 'vitest/config';

// npm install from tarballs takes a while on a cold cache.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } });
