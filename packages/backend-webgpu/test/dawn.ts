import { createBackend } from '@descent/backend-webgpu';
import { type Backend, createOpsBackend, setBackend } from '@descent/core';
import { afterAll, beforeAll } from 'vitest';
import { create, globals } from 'webgpu';

/**
 * WebGPU in Node as DESIGN.md describes: Dawn's node module on OpenGL ES (Mesa llvmpipe
 * here; EGL_PLATFORM=surfaceless comes from vitest.config.ts), with the WebGPU globals
 * tfjs-backend-webgpu expects.
 */
export function dawnGpu(): GPU {
  Object.assign(globalThis, globals);
  return create(['backend=opengles']) as GPU;
}

/**
 * Registers hooks that make a Descent WebGPU backend on Dawn the active one for the file's
 * tests, and put core's ops backend back afterwards. Returns a getter for the backend.
 */
export function useDawnBackend(): () => Backend {
  let backend: Backend | undefined;
  beforeAll(async () => {
    backend = await createBackend({ gpu: dawnGpu() });
    setBackend(backend);
  });
  afterAll(() => {
    backend?.dispose?.();
    setBackend(createOpsBackend());
  });
  return () => {
    if (!backend) throw new Error('useDawnBackend: the backend exists once beforeAll ran');
    return backend;
  };
}
