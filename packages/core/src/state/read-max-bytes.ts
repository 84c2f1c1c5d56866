import { InvalidOptionError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';
import { readOwnFields } from '../options/read-own-fields.js';
import { DEFAULT_MAX_STATE_BYTES } from './state-format.js';

/**
 * Reads `options.maxBytes` of `setState`: a number >= 0 (Infinity allowed), default 256 MiB.
 * The options object is read once (a throwing getter or Proxy trap is an `InvalidOptionError`).
 */
export function readMaxBytes(options: unknown): number {
  const value = readOwnFields('setState', options, ['maxBytes']).maxBytes;
  if (value === undefined) return DEFAULT_MAX_STATE_BYTES;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidOptionError('maxBytes', `setState: option "maxBytes" must be a number >= 0, got ${describeValue(value)}`);
  }
  return value;
}
