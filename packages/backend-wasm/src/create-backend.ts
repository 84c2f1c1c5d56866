import { BackendError, checkBatchSize, InvalidOptionError, OptionReader, readOwnFields, thrownMessage } from '@descent/core';
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

const KNOWN = ['batchSize', 'simd', 'wasmPaths'];
let warnedNoSimd = false;

interface ReadOptions {
  readonly batchSize: number;
  readonly simd: boolean | undefined;
  readonly wasmPaths: string | Record<string, string> | undefined;
}

/** A string, or an object whose own values are all strings (tfjs-backend-wasm's file map). */
function checkWasmPaths(reader: OptionReader): ReadOptions['wasmPaths'] {
  const value = reader.raw('wasmPaths');
  if (value === undefined || typeof value === 'string') return value;
  // Read once, into a copy: a getter or Proxy trap that throws is an error naming the option.
  let paths: Readonly<Record<string, unknown>>;
  try {
    paths = readOwnFields(reader.owner, value);
  } catch (error) {
    throw new InvalidOptionError('wasmPaths', `${reader.owner}: could not read option "wasmPaths": ${thrownMessage(error)}`, { cause: error });
  }
  if (Object.values(paths).some((path) => typeof path !== 'string')) {
    reader.fail('wasmPaths', 'a path prefix or an object of file paths (strings)');
  }
  return { ...paths } as Record<string, string>;
}

function readOptions(options: unknown): ReadOptions {
  const reader = new OptionReader('@descent/backend-wasm createBackend', options, KNOWN);
  const simd = reader.raw('simd');
  if (simd !== undefined && typeof simd !== 'boolean') reader.fail('simd', 'a boolean');
  return { batchSize: checkBatchSize(reader.raw('batchSize') ?? 1), simd: simd as boolean | undefined, wasmPaths: checkWasmPaths(reader) };
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
  const { batchSize, simd, wasmPaths } = readOptions(options);
  if (wasmPaths !== undefined) {
    try {
      setWasmPaths(wasmPaths);
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
