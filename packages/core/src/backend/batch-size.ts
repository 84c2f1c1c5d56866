import { InvalidOptionError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';

/** Validates neon's `be.bsz`: a positive, finite number. */
export function checkBatchSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError('batchSize', `backend option "batchSize" must be a finite number > 0, got ${describeValue(value)}`);
  }
  return value;
}
