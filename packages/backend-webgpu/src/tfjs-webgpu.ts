import { BackendError } from '@descent/core';

/** What tfjs-backend-webgpu 4.22 keeps per data id (`backend.tensorMap.get(dataId)`). */
export interface TfjsTensorData {
  values: ArrayLike<number> | null | undefined;
  dtype: string;
  shape: number[];
  refCount: number;
  resource?: unknown;
  external?: boolean;
}

/**
 * The parts of tfjs-backend-webgpu's `WebGPUBackend` this package relies on. Most are
 * public in 4.22's typings; `commandEncoder` is private there but is the only way to know
 * whether tfjs has recorded work that it has not submitted yet.
 */
export interface TfjsWebGPUBackend {
  readonly device: GPUDevice;
  readonly queue: GPUQueue;
  readonly tensorMap: {
    get(dataId: object): TfjsTensorData | undefined;
    has(dataId: object): boolean;
  };
  readonly bufferManager: {
    acquireBuffer(size: number, usage: number, mappedAtCreation?: boolean, reuse?: boolean): GPUBuffer;
  };
  readonly commandEncoder: GPUCommandEncoder | null;
  refCount(dataId: object): number;
  makeTensorInfo(shape: number[], dtype: 'float32'): { dataId: object; shape: number[]; dtype: 'float32' };
  endComputePassEncoder(): void;
  submitQueue(): void;
}

const METHODS = ['refCount', 'makeTensorInfo', 'endComputePassEncoder', 'submitQueue'] as const;

/**
 * Checks that `backend` (tfjs's backend object named "webgpu") has the internals this
 * package uses, so that a tfjs version that changed them fails here with a clear message
 * instead of corrupting a step later.
 */
export function asTfjsWebGPU(backend: unknown): TfjsWebGPUBackend {
  const b = backend as Partial<Record<string, unknown>> | null;
  const missing: string[] = [];
  if (!b || typeof b !== 'object') missing.push('the backend object');
  else {
    if (!b.device || !b.queue) missing.push('device/queue');
    if (!b.tensorMap || typeof (b.tensorMap as { get?: unknown }).get !== 'function') missing.push('tensorMap');
    if (!b.bufferManager || typeof (b.bufferManager as { acquireBuffer?: unknown }).acquireBuffer !== 'function') {
      missing.push('bufferManager.acquireBuffer');
    }
    if (!('commandEncoder' in b)) missing.push('commandEncoder');
    for (const method of METHODS) if (typeof b[method] !== 'function') missing.push(`${method}()`);
  }
  if (missing.length > 0) {
    throw new BackendError(
      `@descent/backend-webgpu: the tfjs "webgpu" backend lacks ${missing.join(', ')}; ` +
        'this package was written against @tensorflow/tfjs-backend-webgpu 4.22',
    );
  }
  return backend as TfjsWebGPUBackend;
}

/**
 * Submits whatever tfjs has recorded but not submitted, so that our command buffer runs
 * after it in queue order (tfjs batches up to 15 dispatches before it submits). A no-op
 * when tfjs has nothing pending.
 */
export function flushTfjs(backend: TfjsWebGPUBackend): void {
  backend.endComputePassEncoder();
  if (backend.commandEncoder) backend.submitQueue();
}
