import type { TfjsWasmBackend } from './tfjs-wasm.js';

/** The part of tfjs-backend-wasm's C++ bindings (`wasm.tfjs`) used to forget cached state. */
export interface TensorRegistry {
  disposeData(id: number): void;
  registerTensor(id: number, size: number, memoryOffset: number): void;
}

/** tfjs-backend-wasm's C++ tensor registry, or undefined if this build does not expose it. */
export function tensorRegistry(backend: TfjsWasmBackend): TensorRegistry | undefined {
  return (backend.wasm as unknown as { tfjs?: TensorRegistry }).tfjs;
}

/**
 * Makes tfjs-backend-wasm forget what its kernels cached about a tensor we just wrote in place.
 * Its XNNPACK kernels (matMul, conv2d, ...) pack a weight tensor once and cache the packed copy
 * under the tensor's id, assuming tensors are immutable; after an in-place update the forward
 * pass would keep using the old weights. Disposing the id on the C++ side runs its disposal
 * callbacks (dropping those caches) without freeing memory, which tfjs frees from JavaScript;
 * registering the same id again restores the id → memory mapping. `id` is the tensor's id in
 * its tfjs-wasm record (negative: none, nothing to forget), `size` its element count.
 */
export function invalidateKernelCaches(registry: TensorRegistry, id: number, size: number, memoryOffset: number): void {
  if (id < 0) return;
  registry.disposeData(id);
  registry.registerTensor(id, size, memoryOffset);
}
