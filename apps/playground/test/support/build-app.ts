import { createRequire } from 'node:module';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The playground's folder. */
export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the app with its own vite config into a fresh temporary folder and returns it. */
export async function buildApp(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'descent-playground-dist-'));
  await build({ root: APP_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Whether this build contains @descent/backend-webgpu (the vite config includes it when it resolves). */
export function buildHasWebgpuPackage(): boolean {
  try {
    createRequire(join(APP_ROOT, 'vite.config.ts')).resolve('@descent/backend-webgpu/package.json');
    return true;
  } catch {
    return false;
  }
}
