import { checkBatchSize, InvalidOptionError } from '@descent/core';
import { type AddonLoader, importAddon } from './addon/load-addon.js';

/** Options of {@link createBackend}. */
export interface CudaBackendOptions {
  /** neon's `be.bsz`: gradients are divided by it (default 1, for losses that are means). */
  readonly batchSize?: number;
  /**
   * Accept TensorFlow running on the CPU (default `false`): `@tensorflow/tfjs-node`, or
   * `@tensorflow/tfjs-node-gpu` when TensorFlow finds no GPU. Without it, `createBackend`
   * throws rather than run on the CPU by surprise.
   */
  readonly allowCpu?: boolean;
  /**
   * How to load an addon package (default: a dynamic `import()` of its name). For bundlers
   * that need a literal import, e.g. `loadAddon: () => import('@tensorflow/tfjs-node-gpu')`,
   * and for tests that supply a stand-in.
   */
  readonly loadAddon?: AddonLoader;
}

/** Validated options. */
export interface ReadOptions {
  readonly batchSize: number;
  readonly allowCpu: boolean;
  readonly loadAddon: AddonLoader;
}

const KNOWN = new Set(['batchSize', 'allowCpu', 'loadAddon']);

/** Checks `options`, naming the first bad one in an `InvalidOptionError`. */
export function readOptions(options: CudaBackendOptions): ReadOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', '@descent/backend-cuda: createBackend options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new InvalidOptionError(key, `@descent/backend-cuda: unknown option "${key}"`);
  }
  const { allowCpu, loadAddon } = options;
  if (allowCpu !== undefined && typeof allowCpu !== 'boolean') {
    throw new InvalidOptionError('allowCpu', `@descent/backend-cuda: option "allowCpu" must be a boolean, got ${String(allowCpu)}`);
  }
  if (loadAddon !== undefined && typeof loadAddon !== 'function') {
    throw new InvalidOptionError('loadAddon', '@descent/backend-cuda: option "loadAddon" must be a function');
  }
  return {
    batchSize: checkBatchSize(options.batchSize ?? 1),
    allowCpu: allowCpu ?? false,
    loadAddon: loadAddon ?? importAddon,
  };
}
