import type { TfjsWasmBackend } from './tfjs-wasm.js';

/** The part of tfjs-backend-wasm's C++ bindings (`wasm.tfjs`) used to forget cached state. */
interface TensorRegistry {
  disposeData(id: number): void;
  registerTensor(id: number, size: number, memoryOffset: number): void;
}

/**
 * Makes tfjs-backend-wasm forget what its kernels cached about a tensor we just wrote in place.
 * Its XNNPACK kernels (matMul, conv2d, ...) pack a weight tensor once and cache the packed copy
 * under the tensor's id, assuming tensors are immutable; after an in-place update the forward
 * pass would keep using the old weights. Disposing the id on the C++ side runs its disposal
 * callbacks (dropping those caches) without freeing memory, which tfjs frees from JavaScript;
 * registering the same id again restores the id → memory mapping.
 */
export function invalidateKernelCaches(backend: TfjsWasmBackend, dataId: object): void {
  const registry = (backend.wasm as unknown as { tfjs?: TensorRegistry }).tfjs;
  const data = backend.dataIdMap.get(dataId) as { id?: number; memoryOffset: number; shape: readonly number[] } | undefined;
  if (registry === undefined || data?.id === undefined) return;
  const size = data.shape.reduce((a, b) => a * b, 1);
  registry.disposeData(data.id);
  registry.registerTensor(data.id, size, data.memoryOffset);
}
