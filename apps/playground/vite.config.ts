import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const WEBGPU_PACKAGE = '@descent/backend-webgpu';
const VIRTUAL_ID = 'virtual:descent-webgpu';

/** True when @descent/backend-webgpu can be resolved from this app (a workspace dependency that is built). */
function webgpuPackageInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve(`${WEBGPU_PACKAGE}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/**
 * `virtual:descent-webgpu`: re-exports @descent/backend-webgpu when this build has it, otherwise
 * a stand-in whose `createBackend` says the package is not part of the build. The page imports it
 * dynamically, so the WebGPU code is a separate chunk loaded only when the browser has WebGPU.
 */
function descentWebgpu(): Plugin {
  const installed = webgpuPackageInstalled();
  return {
    name: 'descent-webgpu',
    resolveId: (id) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
    load: (id) => {
      if (id !== `\0${VIRTUAL_ID}`) return undefined;
      return installed
        ? `export { createBackend } from '${WEBGPU_PACKAGE}';\nexport const packaged = true;`
        : `export const packaged = false;\nexport async function createBackend() { throw new Error('${WEBGPU_PACKAGE} is not part of this build'); }`;
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [descentWebgpu()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
