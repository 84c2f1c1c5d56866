import * as tf from '@tensorflow/tfjs-core';
import { type Backend, setBackend } from '@descent/core';
import { createBackend as createWasmBackend } from '@descent/backend-wasm';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';

/** Which Descent backend a task runs on. */
export type BackendKind = 'wasm' | 'webgpu';

/** The Descent backends this page created, and why training runs where it does. */
export interface PageBackends {
  readonly wasm: Backend;
  readonly webgpu: Backend | undefined;
  /** Where the classifier trains: webgpu when it could be set up, wasm otherwise. */
  readonly training: BackendKind;
  /** One line for the page, e.g. "webgpu (SwiftShader)" or why not. */
  readonly trainingNote: string;
}

async function adapterName(): Promise<string | undefined> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  return [info.vendor, info.architecture, info.description].filter((s) => s).join(' ') || 'unnamed adapter';
}

async function tryWebgpu(): Promise<{ backend?: Backend; note: string }> {
  const adapter = await adapterName();
  if (!adapter) return { note: 'this browser has no WebGPU adapter' };
  const module = await import('virtual:descent-webgpu');
  if (!module.packaged) return { note: `WebGPU adapter "${adapter}" found, but @descent/backend-webgpu is not part of this build` };
  try {
    return { backend: await module.createBackend(), note: `adapter "${adapter}"` };
  } catch (error) {
    return { note: `WebGPU adapter "${adapter}" found, but the backend failed: ${(error as Error).message}` };
  }
}

/**
 * Sets up Descent's backends for the page: wasm always (the surfaces' 2-element parameters are
 * fastest there), and WebGPU for training when the browser and the build allow it.
 */
export async function createPageBackends(): Promise<PageBackends> {
  const wasmPaths = { 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm };
  const wasm = await createWasmBackend({ wasmPaths });
  const { backend: webgpu, note } = await tryWebgpu();
  return { wasm, webgpu, training: webgpu ? 'webgpu' : 'wasm', trainingNote: note };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` with `kind` as the active tfjs and Descent backend. Tasks run one at a time (the
 * backends are global), so a surface run and a training epoch never interleave.
 */
export function withBackend<T>(backends: PageBackends, kind: BackendKind, task: () => T | Promise<T>): Promise<T> {
  const run = async () => {
    const backend = kind === 'webgpu' ? backends.webgpu : backends.wasm;
    if (!backend) throw new Error(`no ${kind} backend on this page`);
    if (tf.getBackend() !== kind && !(await tf.setBackend(kind))) throw new Error(`tfjs could not switch to ${kind}`);
    setBackend(backend);
    return task();
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
