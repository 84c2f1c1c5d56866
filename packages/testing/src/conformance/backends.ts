import { type Backend, createOpsBackend, getBackend, setBackend } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { importOptional } from './import-optional.js';

/**
 * The backends the kit knows: `ops` is core's tfjs-ops evaluator on tfjs's `cpu` backend,
 * `wasm` is `@descent/backend-wasm`, `webgpu` is `@descent/backend-webgpu` (in Node on Dawn,
 * the `webgpu` package).
 */
export type BackendName = 'ops' | 'wasm' | 'webgpu';

/** Every backend the kit can run on, in the order it runs them. */
export const BACKEND_NAMES: readonly BackendName[] = ['ops', 'wasm', 'webgpu'];

/** A Descent backend ready for the kit, with the tfjs backend its tensors must live on. */
export interface ConformanceBackend {
  /** Which of the kit's backends this is. */
  readonly name: BackendName;
  /** The Descent backend (`setBackend` target). */
  readonly backend: Backend;
  /** The tfjs backend that must be active while it runs: `cpu`, `wasm` or `webgpu`. */
  readonly tfjsBackend: string;
  /**
   * Whether the same inputs give bit-identical results. WebGPU's norm-clip reduction adds
   * partial sums atomically, in a scheduling-dependent order, so it is not.
   */
  readonly deterministic: boolean;
}

/** Whether a backend could be had in this process, and if not, why. */
export type BackendAvailability =
  | {
      /** It could be had. */
      readonly available: true;
      /** The backend. */
      readonly backend: ConformanceBackend;
    }
  | {
      /** It could not. */
      readonly available: false;
      /** Why: a missing package, no adapter... */
      readonly reason: string;
    };

type Loader = () => Promise<ConformanceBackend>;

async function loadOps(): Promise<ConformanceBackend> {
  await importOptional('@tensorflow/tfjs-backend-cpu');
  if ((await tf.setBackend('cpu')) !== true) throw new Error("tf.setBackend('cpu') returned false");
  return { name: 'ops', backend: createOpsBackend(), tfjsBackend: 'cpu', deterministic: true };
}

async function loadWasm(): Promise<ConformanceBackend> {
  const module = (await importOptional('@descent/backend-wasm')) as { createBackend(): Promise<Backend> };
  return { name: 'wasm', backend: await module.createBackend(), tfjsBackend: 'wasm', deterministic: true };
}

/** In a browser `navigator.gpu`; in Node, Dawn from the `webgpu` package (OpenGL ES on Linux, headless). */
async function loadWebGPU(): Promise<ConformanceBackend> {
  const module = (await importOptional('@descent/backend-webgpu')) as { createBackend(options?: object): Promise<Backend> };
  const options: { gpu?: unknown } = {};
  const hasNavigatorGpu = Boolean((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu);
  if (!hasNavigatorGpu && typeof process === 'object' && process.versions?.node) {
    // Mesa's EGL must not look for a display; read when Dawn opens its first adapter.
    if (process.platform === 'linux') process.env.EGL_PLATFORM ??= 'surfaceless';
    const dawn = (await importOptional('webgpu')) as { create(flags: string[]): unknown; globals: object };
    Object.assign(globalThis, dawn.globals);
    options.gpu = dawn.create(process.platform === 'linux' ? ['backend=opengles'] : []);
  }
  return { name: 'webgpu', backend: await module.createBackend(options), tfjsBackend: 'webgpu', deterministic: false };
}

/** The active tfjs backend's name, or undefined when tfjs has none (nothing registered yet). */
export function activeTfjsBackend(): string | undefined {
  try {
    return tf.getBackend();
  } catch {
    return undefined;
  }
}

const LOADERS: Record<BackendName, Loader> = { ops: loadOps, wasm: loadWasm, webgpu: loadWebGPU };
const CACHE = new Map<BackendName, Promise<BackendAvailability>>();

/**
 * Creates the backend once per process (later calls share it) and reports whether it is
 * available. Never throws: a missing package or device is an unavailable backend with the
 * reason. Leaves tfjs and Descent on the backends they were on.
 */
export function acquireBackend(name: BackendName): Promise<BackendAvailability> {
  let pending = CACHE.get(name);
  if (!pending) {
    pending = (async (): Promise<BackendAvailability> => {
      const previous = { tfjs: activeTfjsBackend(), descent: getBackend() };
      try {
        return { available: true, backend: await LOADERS[name]() };
      } catch (error) {
        const cause = (error as { cause?: unknown }).cause;
        return { available: false, reason: `${String(error)}${cause && !String(error).includes(String(cause)) ? ` (${String(cause)})` : ''}` };
      } finally {
        if (previous.tfjs && activeTfjsBackend() !== previous.tfjs) await tf.setBackend(previous.tfjs);
        setBackend(previous.descent);
      }
    })();
    CACHE.set(name, pending);
  }
  return pending;
}

/** Makes `backend` the active Descent backend and its tfjs backend the active tfjs backend. */
export async function activateBackend(backend: ConformanceBackend): Promise<void> {
  if (activeTfjsBackend() !== backend.tfjsBackend && (await tf.setBackend(backend.tfjsBackend)) !== true) {
    throw new Error(`tf.setBackend('${backend.tfjsBackend}') returned false`);
  }
  if (tf.getBackend() !== backend.tfjsBackend) throw new Error(`tfjs stayed on "${tf.getBackend()}" instead of "${backend.tfjsBackend}"`);
  setBackend(backend.backend);
}
