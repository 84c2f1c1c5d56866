import { BackendError } from '@descent/core';
import type { Variable } from '@tensorflow/tfjs-core';
import type { TfjsWasmBackend } from './tfjs-wasm.js';

/** Throws unless `counter` is a live float32 Variable of one element on this tfjs wasm backend. */
export function checkSkipCounter(tfjs: TfjsWasmBackend, counter: Variable): void {
  const ok =
    typeof counter === 'object' && counter !== null && typeof counter.assign === 'function' && !counter.isDisposed &&
    counter.size === 1 && tfjs.dataIdMap.has(counter.dataId) && tfjs.dataIdMap.get(counter.dataId)!.dtype === 'float32';
  if (!ok) {
    throw new BackendError(
      '@descent/backend-wasm: the skip counter must be a live float32 tf.Variable of one element created while ' +
        'tf.getBackend() is "wasm" (an optimizer creates it on its first step: step it on this backend)',
    );
  }
}
