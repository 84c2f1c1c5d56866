import { defineConfig, type Options } from 'tsup';

const shared: Options = { format: ['esm'], dts: true, sourcemap: true, target: 'es2022' };

// Two builds, so that dist/index.d.ts stays whole (no shared type chunk): the Node-only entry
// imports the main entry by the package's own name and is built with it external.
export default defineConfig([
  { ...shared, entry: ['src/index.ts'], clean: true },
  { ...shared, entry: ['src/node.ts'], external: ['@descent/core'] },
]);
