import * as tf from '@tensorflow/tfjs-core';

/**
 * 0-d float32 tensors kept on the device between calls, one per key, re-created only when
 * the value changes.
 *
 * Why not a `tf.Variable` per slot, refreshed with `assign`: tfjs has no call that writes
 * host values into an existing tensor's memory. `Variable.assign(tf.scalar(x))` first makes
 * a new tensor (an upload) and then re-points the variable at it, exactly what replacing a
 * kept tensor does, plus a registered variable. So a slot whose value did not change costs
 * nothing, and one that did costs one upload (`tf.scalar`) and one dispose.
 */
export class ScalarCache {
  readonly #entries = new Map<number | string, { value: number; tensor: tf.Tensor }>();
  #uploads = 0;

  /** Tensors created so far (first uses and changed values). */
  get uploads(): number {
    return this.#uploads;
  }

  /** The cached scalar for `key`, holding `value` (a float32 number). Safe inside `tf.tidy`. */
  get(key: number | string, value: number): tf.Tensor {
    const entry = this.#entries.get(key);
    // Object.is: -0 and +0 are different values here, and NaN equals NaN.
    if (entry !== undefined && Object.is(entry.value, value)) return entry.tensor;
    const tensor = tf.keep(tf.scalar(value, 'float32'));
    this.#uploads++;
    entry?.tensor.dispose();
    this.#entries.set(key, { value, tensor });
    return tensor;
  }

  /** Frees every cached tensor. */
  dispose(): void {
    for (const { tensor } of this.#entries.values()) tensor.dispose();
    this.#entries.clear();
  }
}
