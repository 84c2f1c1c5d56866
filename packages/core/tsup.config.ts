import { defineConfig } from 'tsup';

// The build script runs tsup twice, main entry first: `src/index.ts`, then `src/node.ts` with
// `@descent/core` external. The Node-only entry imports the main one by the package's own name,
// so dist/index.d.ts stays whole (no shared type chunk) and both share one copy of every class.
export default defineConfig({
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
});
