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
