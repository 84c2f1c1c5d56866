import * as tf from '@tensorflow/tfjs-core';
import { StateError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';

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

  /** The number of skipped steps, read back synchronously (for saved state). */
  readSync(): number {
    const variable = this.#variable;
    if (variable === undefined || variable.isDisposed) return 0;
    return variable.dataSync()[0]!;
  }

  /** Sets the count (restoring saved state), creating the counter if needed. */
  set(value: number): void {
    const variable = this.ensure();
    tf.tidy(() => variable.assign(tf.scalar(value, 'float32')));
  }

  /** Frees the counter; the next step starts a new one at 0. */
  dispose(): void {
    this.#variable?.dispose();
    this.#variable = undefined;
  }
}

/** The name of the skip count among an optimizer's saved counters (with `skipNonFinite`). */
export const SKIPPED_STEPS = 'skippedSteps';

/**
 * Takes the skip count out of saved counters, for an optimizer with `skipNonFinite` (absent
 * counts as 0: a state saved without the option). It must be an integer in [0, 2^24], the
 * range a float32 counter holds exactly. Without the option, the counters are left as they
 * are (so a saved skip count is an unknown counter).
 */
export function splitSkippedSteps(
  counters: Readonly<Record<string, unknown>>,
  skipNonFinite: boolean,
): { counters: Record<string, unknown>; skipped: number | undefined } {
  if (!skipNonFinite) return { counters: { ...counters }, skipped: undefined };
  const { [SKIPPED_STEPS]: value = 0, ...rest } = counters;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 24) {
    throw new StateError(`counters.${SKIPPED_STEPS}`, `counters.${SKIPPED_STEPS} must be an integer in [0, 2^24], got ${describeValue(value)}`);
  }
  return { counters: rest, skipped: value };
}
