import { defineConfig } from 'tsup';

/**
 * The build every published package shares (except core, which has a second entry point):
 * ESM from `src/index.ts`, its type declarations, source maps, ES2022.
 */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
