import { checkBatchSize, OptionReader } from '@descent/core';
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

const KNOWN = ['batchSize', 'allowCpu', 'loadAddon'];

/**
 * Checks `options`, naming the first bad one in an `InvalidOptionError`. The object is read
 * once (core's `OptionReader`): a getter or Proxy trap that throws is an error naming its option.
 */
export function readOptions(options: unknown): ReadOptions {
  const reader = new OptionReader('@descent/backend-cuda createBackend', options, KNOWN);
  const allowCpu = reader.boolean('allowCpu', false);
  const loadAddon = reader.raw('loadAddon');
  if (loadAddon !== undefined && typeof loadAddon !== 'function') reader.fail('loadAddon', 'a function');
  return {
    batchSize: checkBatchSize(reader.raw('batchSize') ?? 1),
    allowCpu,
    loadAddon: (loadAddon as AddonLoader | undefined) ?? importAddon,
  };
}
