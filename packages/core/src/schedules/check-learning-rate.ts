import { InvalidOptionError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';

/** Validates the base rate a schedule is given: a finite number >= 0. */
export function checkLearningRate(learningRate: unknown): number {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate < 0) {
    throw new InvalidOptionError('learningRate', `"learningRate" must be a finite number >= 0, got ${describeValue(learningRate)}`);
  }
  return learningRate;
}

/**
 * `learningRate * factor`, where a rate of 0 stays 0 even when the factor overflowed to
 * Infinity (`0 * Infinity` would be NaN). A factor that overflows for a positive rate gives
 * Infinity, which optimizers reject as a learning rate.
 */
export function scaleRate(learningRate: number, factor: number): number {
  return learningRate === 0 ? 0 : learningRate * factor;
}
