import { BackendError, isDescentError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';
import { thrownMessage } from '../options/read-own-fields.js';

/**
 * What `optimize()` throws when the backend's `runUpdate` throws: a Descent error as it is, and
 * anything else (a plain `Error`, a string...) wrapped in a `BackendError` naming the backend,
 * with the original as `cause`, so every failure of a step is typed.
 */
export function backendFailure(error: unknown, backendName: unknown): Error {
  if (isDescentError(error)) return error;
  const name = typeof backendName === 'string' ? JSON.stringify(backendName) : describeValue(backendName);
  return new BackendError(`backend ${name} failed to run the update: ${thrownMessage(error)}`, { cause: error });
}
