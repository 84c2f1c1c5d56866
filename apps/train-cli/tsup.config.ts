import { defineConfig } from 'tsup';

// @descent/example-kit is source-only (TypeScript), so it is bundled in; every other package stays external.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  clean: true,
  target: 'node20',
  noExternal: ['@descent/example-kit'],
  banner: { js: '#!/usr/bin/env node' },
});
