import { BackendError, checkBatchSize, InvalidOptionError } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { simdSupported } from './runtime/simd-support.js';
import { type WasmBackend, WasmBackendImpl } from './wasm-backend.js';

/** Options of {@link createBackend}. */
export interface WasmBackendOptions {
  /** neon's `be.bsz`: gradients are divided by it (default 1, for losses that are means). */
  readonly batchSize?: number;
  /**
   * Use WebAssembly SIMD (default: when the engine supports it). `false` forces scalar loops;
   * when SIMD is unsupported the backend uses scalar loops and warns once.
   */
  readonly simd?: boolean;
  /**
   * Where tfjs-backend-wasm finds its `.wasm` files, passed to its `setWasmPaths` before the
   * backend is initialised (browsers with bundlers; not needed in Node).
   */
  readonly wasmPaths?: string | Record<string, string>;
}

const KNOWN = new Set(['batchSize', 'simd', 'wasmPaths']);
let warnedNoSimd = false;

function readOptions(options: WasmBackendOptions): { batchSize: number; simd: boolean | undefined } {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', '@descent/backend-wasm: createBackend options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new InvalidOptionError(key, `@descent/backend-wasm: unknown option "${key}"`);
  }
  if (options.simd !== undefined && typeof options.simd !== 'boolean') {
    throw new InvalidOptionError('simd', `@descent/backend-wasm: option "simd" must be a boolean, got ${String(options.simd)}`);
  }
  return { batchSize: checkBatchSize(options.batchSize ?? 1), simd: options.simd };
}

/**
 * Creates the WebAssembly backend: makes tfjs-backend-wasm the active tfjs backend, then
 * compiles each fused update to a WebAssembly (SIMD) kernel that runs in place on its heap.
 *
 * @example
 * ```ts
 * import { setBackend } from '@descent/core';
 * import { createBackend } from '@descent/backend-wasm';
 * setBackend(await createBackend());
 * ```
 */
export async function createBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const { batchSize, simd } = readOptions(options);
  if (options.wasmPaths !== undefined) {
    try {
      setWasmPaths(options.wasmPaths);
    } catch (error) {
      throw new BackendError('@descent/backend-wasm: could not set wasmPaths', { cause: error });
    }
  }
  let activated: boolean;
  try {
    activated = await tf.setBackend('wasm');
  } catch (error) {
    throw new BackendError('@descent/backend-wasm: tf.setBackend("wasm") failed', { cause: error });
  }
  // tfjs reports a failed initialisation by resolving false (and logging), not by throwing.
  if (activated !== true) {
    throw new BackendError(
      '@descent/backend-wasm: tf.setBackend("wasm") returned false: tfjs-backend-wasm failed to initialise. ' +
        'In a browser, check that its .wasm files are served (see the wasmPaths option).',
    );
  }
  if (tf.getBackend() !== 'wasm') {
    throw new BackendError(`@descent/backend-wasm: tfjs reports backend "${tf.getBackend()}" active after tf.setBackend("wasm")`);
  }
  const supported = simdSupported();
  if (simd !== false && !supported && !warnedNoSimd) {
    warnedNoSimd = true;
    console.warn('@descent/backend-wasm: WebAssembly SIMD is not supported here; kernels run scalar loops (slower).');
  }
  const backend = new WasmBackendImpl({ batchSize, simd: simd !== false && supported });
  return backend;
}
