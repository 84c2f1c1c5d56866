import { BackendError } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's per-tensor record this backend reads. */
export interface WasmTensorData {
  /** The tensor's id on tfjs-wasm's C++ side (its kernels' caches are keyed by it). */
  readonly id?: number;
  readonly memoryOffset: number;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly refCount: number;
}

/** The part of tfjs-backend-wasm's Emscripten module this backend uses. */
export interface WasmModuleLike {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  readonly asm?: { readonly memory?: unknown };
  readonly wasmMemory?: unknown;
}

/**
 * The part of tfjs-backend-wasm's `BackendWasm` this backend uses (its TypeScript types do not
 * declare `wasm.asm`). Note: `dataIdMap.get` of an unknown id *moves* the data in from another
 * backend, so membership is always checked with `has` first.
 */
export interface TfjsWasmBackend {
  readonly wasm: WasmModuleLike | null;
  readonly dataIdMap: {
    has(dataId: object): boolean;
    get(dataId: object): WasmTensorData | undefined;
  };
  readSync(dataId: object): unknown;
  /** Frees a tensor's data when its reference count drops to 0, or at once with `force`. */
  disposeData(dataId: object, force?: boolean): boolean;
  /** Counts one more reference to a tensor's data (a tensor sharing it). */
  incRef(dataId: object): void;
}

/** Looks a data id up in one tfjs backend without moving data: its record, or undefined. */
export type RecordLookup = (dataId: object) => WasmTensorData | undefined;

/**
 * A {@link RecordLookup} for `backend`: one lookup in the `WeakMap` behind tfjs' `DataStorage`
 * (its `data` field) where it is there, else `has` then `get` (three lookups). Steps look up
 * every tensor of every parameter, so this matters with many small parameters.
 */
export function recordLookup(backend: TfjsWasmBackend): RecordLookup {
  const map = (backend.dataIdMap as { data?: unknown }).data;
  if (map instanceof WeakMap) return (dataId) => map.get(dataId) as WasmTensorData | undefined;
  return (dataId) => (backend.dataIdMap.has(dataId) ? backend.dataIdMap.get(dataId) : undefined);
}

/** The registered tfjs `wasm` backend instance, or undefined before it was initialised. */
export function findTfjsWasm(): TfjsWasmBackend | undefined {
  const found = tf.engine().findBackend('wasm') as unknown as TfjsWasmBackend | null;
  return found ?? undefined;
}

/**
 * The linear memory tensors live in: exported by the single-threaded builds
 * (`wasm.asm.memory`), created by JavaScript as a shared memory by the threaded build
 * (`wasm.wasmMemory`).
 */
export function heapMemory(backend: TfjsWasmBackend): WebAssembly.Memory {
  const module = backend.wasm;
  const candidates = [module?.asm?.memory, module?.wasmMemory];
  for (const candidate of candidates) {
    if (candidate instanceof WebAssembly.Memory) return candidate;
  }
  throw new BackendError(
    '@descent/backend-wasm: cannot find the WebAssembly.Memory of @tensorflow/tfjs-backend-wasm ' +
      '(neither wasm.asm.memory nor wasm.wasmMemory); is this a supported tfjs version (4.x)?',
  );
}

/** Whether a memory is shared (the threaded tfjs-backend-wasm build). */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}
