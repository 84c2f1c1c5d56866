import * as tf from '@tensorflow/tfjs-core';

/** Counts of GPU work and GPU→CPU reads while a {@link GpuSpy} is installed. */
export interface GpuCounts {
  /** `read`, `readSync`, `getBufferData` on tfjs's webgpu backend, and `GPUBuffer.mapAsync`. */
  readbacks: number;
  /** `GPUComputePassEncoder.dispatchWorkgroups` calls (anyone's). */
  dispatches: number;
  /** `GPUQueue.submit` calls (anyone's). */
  submits: number;
  /** `GPUDevice.createShaderModule` calls: compiles (anyone's). */
  compiles: number;
}

type Patched = { target: Record<string, unknown>; key: string; original: unknown };

/**
 * Wraps every read path of tfjs-backend-webgpu 4.22 and of WebGPU, and the dispatch and
 * submit entry points, with counters. `restore()` puts the originals back.
 */
export class GpuSpy {
  readonly counts: GpuCounts = { readbacks: 0, dispatches: 0, submits: 0, compiles: 0 };
  private readonly patched: Patched[] = [];

  constructor() {
    const backend = tf.backend() as unknown as Record<string, unknown>;
    for (const key of ['read', 'readSync', 'getBufferData']) this.wrap(backend, key, 'readbacks');
    this.wrap(GPUBuffer.prototype as unknown as Record<string, unknown>, 'mapAsync', 'readbacks');
    this.wrap(GPUComputePassEncoder.prototype as unknown as Record<string, unknown>, 'dispatchWorkgroups', 'dispatches');
    this.wrap(GPUQueue.prototype as unknown as Record<string, unknown>, 'submit', 'submits');
    this.wrap(GPUDevice.prototype as unknown as Record<string, unknown>, 'createShaderModule', 'compiles');
  }

  reset(): void {
    this.counts.readbacks = 0;
    this.counts.dispatches = 0;
    this.counts.submits = 0;
    this.counts.compiles = 0;
  }

  restore(): void {
    for (const { target, key, original } of this.patched.reverse()) target[key] = original;
    this.patched.length = 0;
  }

  private wrap(target: Record<string, unknown>, key: string, counter: keyof GpuCounts): void {
    const original = target[key];
    if (typeof original !== 'function') throw new Error(`cannot spy on ${key}: not a function`);
    const counts = this.counts;
    target[key] = function (this: unknown, ...args: unknown[]) {
      counts[counter]++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    this.patched.push({ target, key, original });
  }
}
