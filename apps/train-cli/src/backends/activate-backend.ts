import * as tf from '@tensorflow/tfjs';
import { type Backend, createOpsBackend, setBackend } from '@descent/core';
import { UsageError } from '../cli/usage-error.js';
import type { BackendName } from './backend-names.js';
import { importOptional } from './optional-package.js';

/** A Descent backend made active for this process, with a line saying what runs where. */
export interface ActiveBackend {
  readonly name: BackendName;
  readonly backend: Backend;
  readonly description: string;
}

/** What every backend package exports (DESIGN.md). */
interface BackendPackage {
  createBackend(options?: Record<string, unknown>): Promise<Backend>;
}

/** The `webgpu` npm package (Dawn's WebGPU for Node), as far as this app uses it. */
interface DawnPackage {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

const active = new Map<BackendName, ActiveBackend>();

async function createWasm(): Promise<ActiveBackend> {
  const { createBackend } = await import('@descent/backend-wasm');
  const backend = await createBackend();
  const simd = (backend as { simd?: boolean }).simd ? 'SIMD' : 'scalar';
  return { name: 'wasm', backend, description: `wasm (fused WebAssembly ${simd} updates, in place on tfjs-backend-wasm)` };
}

async function createOps(): Promise<ActiveBackend> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new UsageError('--backend ops: tfjs-backend-wasm could not start', { flag: '--backend' });
  return { name: 'ops', backend: createOpsBackend(), description: "ops (core's tfjs-ops evaluator, on tfjs-backend-wasm)" };
}

async function createWebgpu(): Promise<ActiveBackend> {
  const flag = '--backend webgpu';
  const pkg = await importOptional<BackendPackage>('@descent/backend-webgpu', flag, 'Install it (with @tensorflow/tfjs-backend-webgpu), or use --backend wasm.');
  const dawn = await importOptional<DawnPackage>('webgpu', flag, 'In Node, WebGPU comes from the `webgpu` package (Dawn): install it, or use --backend wasm.');
  process.env.EGL_PLATFORM ??= 'surfaceless'; // headless Linux: Mesa's EGL must not look for a display
  Object.assign(globalThis, dawn.globals);
  try {
    const backend = await pkg.createBackend({ gpu: dawn.create(['backend=opengles']) });
    return { name: 'webgpu', backend, description: 'webgpu (fused WGSL updates on tfjs-backend-webgpu, Dawn)' };
  } catch (error) {
    throw new UsageError(`${flag}: no usable WebGPU adapter: ${(error as Error).message}. Use --backend wasm.`, { flag: '--backend', cause: error });
  }
}

async function createCuda(): Promise<ActiveBackend> {
  const flag = '--backend cuda';
  const pkg = await importOptional<BackendPackage>('@descent/backend-cuda', flag, 'Install it with @tensorflow/tfjs-node-gpu on a CUDA machine, or use --backend wasm.');
  try {
    return { name: 'cuda', backend: await pkg.createBackend(), description: 'cuda (TensorFlow ops via @tensorflow/tfjs-node-gpu)' };
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`, { flag: '--backend', cause: error });
  }
}

const creators: Record<BackendName, () => Promise<ActiveBackend>> = { wasm: createWasm, ops: createOps, webgpu: createWebgpu, cuda: createCuda };

/**
 * Makes `name` the Descent backend (and its tfjs backend the active one). Each backend is
 * created once per process; switching back re-activates the same one.
 */
export async function activateBackend(name: BackendName): Promise<ActiveBackend> {
  let entry = active.get(name);
  if (!entry) {
    entry = await creators[name]();
    active.set(name, entry);
  } else {
    const tfjsName = name === 'ops' ? 'wasm' : name === 'cuda' ? 'tensorflow' : name;
    if (tf.getBackend() !== tfjsName && !(await tf.setBackend(tfjsName))) throw new UsageError(`--backend ${name}: tfjs could not switch back to ${tfjsName}`, { flag: '--backend' });
  }
  setBackend(entry.backend);
  return entry;
}
