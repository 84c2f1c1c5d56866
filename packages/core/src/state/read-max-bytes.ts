import { InvalidOptionError } from '../errors.js';
import { DEFAULT_MAX_STATE_BYTES } from './state-format.js';

/** Reads `options.maxBytes` of `setState`: a number >= 0 (Infinity allowed), default 256 MiB. */
export function readMaxBytes(options: unknown): number {
  if (options === undefined || options === null) return DEFAULT_MAX_STATE_BYTES;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidOptionError('options', 'state options must be an object such as { maxBytes }');
  }
  for (const key of Object.keys(options)) {
    if (key !== 'maxBytes') throw new InvalidOptionError(key, `unknown state option "${key}"; the only one is "maxBytes"`);
  }
  const value = (options as { maxBytes?: unknown }).maxBytes;
  if (value === undefined) return DEFAULT_MAX_STATE_BYTES;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new InvalidOptionError('maxBytes', `state option "maxBytes" must be a number >= 0, got ${String(value)}`);
  }
  return value;
}
