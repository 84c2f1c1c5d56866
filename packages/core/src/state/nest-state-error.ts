import { StateError } from '../errors.js';

/**
 * Re-throws a `StateError` raised inside a nested document (e.g. one group of a
 * MultiOptimizer's state) with its field prefixed by `path`, so that the field names the
 * full path from the root; any other error passes through unchanged.
 */
export function nestStateError(error: unknown, path: string): never {
  if (!(error instanceof StateError)) throw error;
  const field = error.field === '' ? path : error.field.startsWith('[') ? `${path}${error.field}` : `${path}.${error.field}`;
  throw new StateError(field, `${path}: ${error.message}`);
}
