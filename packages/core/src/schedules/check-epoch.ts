import { InvalidOptionError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';

/** Validates an epoch: a finite number >= 0 (neon's epochs are 0-based integers). */
export function checkEpoch(epoch: unknown): number {
  if (typeof epoch !== 'number' || !Number.isFinite(epoch) || epoch < 0) {
    throw new InvalidOptionError('epoch', `"epoch" must be a finite number >= 0, got ${describeValue(epoch)}`);
  }
  return epoch;
}
