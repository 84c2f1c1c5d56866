import * as tf from '@tensorflow/tfjs-core';

/** Counts of what tfjs did, observed from the outside (not the backend's own counters). */
export interface Counts {
  /** Kernels run (device ops). */
  kernels: number;
  /** Tensors made from host values (uploads). */
  uploads: number;
  /** Reads of tensor values back to the host (dataSync, data, array...). */
  reads: number;
}

type Patchable = Record<string, (...args: unknown[]) => unknown>;

/**
 * Wraps the tfjs engine's runKernel, makeTensor, readSync and read, and the active tfjs
 * backend's readSync and read (reads that bypass the engine, e.g. moving data between
 * backends), counting calls until `restore()`.
 */
export function probe(): { counts: Counts; restore: () => void } {
  const counts: Counts = { kernels: 0, uploads: 0, reads: 0 };
  const patches: [Patchable, string, (...args: unknown[]) => unknown][] = [];
  const wrap = (target: Patchable, method: string, field: keyof Counts) => {
    const original = target[method]!;
    patches.push([target, method, original]);
    target[method] = function (this: unknown, ...args: unknown[]) {
      counts[field]++;
      return original.apply(this, args);
    };
  };
  const engine = tf.engine() as unknown as Patchable;
  wrap(engine, 'runKernel', 'kernels');
  wrap(engine, 'makeTensor', 'uploads');
  wrap(engine, 'readSync', 'reads');
  wrap(engine, 'read', 'reads');
  const backend = tf.backend() as unknown as Patchable;
  wrap(backend, 'readSync', 'reads');
  wrap(backend, 'read', 'reads');
  const restore = () => {
    for (const [target, method, original] of patches.reverse()) target[method] = original;
  };
  return { counts, restore };
}

/** Counts during `run()`. */
export function count(run: () => void): Counts {
  const { counts, restore } = probe();
  try {
    run();
  } finally {
    restore();
  }
  return { ...counts };
}
