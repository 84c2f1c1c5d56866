import * as tf from '@tensorflow/tfjs-core';

/**
 * The count of skipped steps (`skipNonFinite`) of one optimizer: a float32 0-d `Variable` that
 * backends increment on the device, so counting never reads back. Created on the first step,
 * on the tfjs backend active then; exact up to 2^24 skips.
 */
export class SkipCounter {
  #variable: tf.Variable | undefined;

  /** The counter, created (as 0) on first use. */
  ensure(): tf.Variable {
    this.#variable ??= tf.tidy(() => tf.variable(tf.scalar(0, 'float32'), false));
    return this.#variable;
  }

  /** The counter if a step created it. */
  get variable(): tf.Variable | undefined {
    return this.#variable;
  }

  /** The number of skipped steps (0 before the first step): an asynchronous read of the device. */
  async read(): Promise<number> {
    const variable = this.#variable;
    if (variable === undefined || variable.isDisposed) return 0;
    return (await variable.data())[0]!;
  }

  /** Frees the counter; the next step starts a new one at 0. */
  dispose(): void {
    this.#variable?.dispose();
    this.#variable = undefined;
  }
}
