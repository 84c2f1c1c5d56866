import { BackendError } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TfjsWasmBackend } from './tfjs-wasm.js';

/**
 * Gives `variable` data of its own when its data is shared with another tensor (tfjs shares
 * one buffer between `tf.variable(init)` and `init`, between a tensor and its reshapes, ...).
 * Writing in place into shared data would change the value of those other tensors, which tfjs
 * promises are immutable. Returns whether a copy was made. The copy happens once: afterwards
 * the variable is the only owner.
 */
export function ensureExclusive(backend: TfjsWasmBackend, variable: tf.Variable, label: string): boolean {
  const data = backend.dataIdMap.get(variable.dataId);
  if (data === undefined || data.refCount <= 1) return false;
  if (tf.engine().backend !== (backend as unknown)) {
    // Variable.assign counts references on the *active* tfjs backend.
    throw new BackendError(
      `@descent/backend-wasm: ${label} shares its data with another tensor and must be copied before ` +
        `it is updated in place, which needs the tfjs "wasm" backend to be active (it is "${tf.getBackend()}")`,
    );
  }
  const values = backend.readSync(variable.dataId) as Float32Array;
  const copy = tf.engine().makeTensor(values, variable.shape, 'float32', backend as never);
  variable.assign(copy);
  copy.dispose();
  return true;
}
