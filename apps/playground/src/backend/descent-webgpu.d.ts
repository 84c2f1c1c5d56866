/** The WebGPU backend module as the vite config provides it (see vite.config.ts). */
declare module 'virtual:descent-webgpu' {
  import type { Backend } from '@descent/core';
  /** Whether @descent/backend-webgpu is part of this build. */
  export const packaged: boolean;
  export function createBackend(options?: Record<string, unknown>): Promise<Backend>;
}
