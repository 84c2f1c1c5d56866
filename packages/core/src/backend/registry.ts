import { InvalidOptionError } from '../errors.js';
import { describeValue } from '../options/describe-value.js';
import { thrownMessage } from '../options/read-own-fields.js';
import { assertSpecificationVersion } from '../specification.js';
import type { Backend } from './backend.js';
import { createOpsBackend } from './ops-backend.js';

// Kept on globalThis so that two copies of @descent/core in one process share one backend.
const SLOT = Symbol.for('descent.backend');
type Holder = { [SLOT]?: Backend };

/**
 * The backend updates run on; the tfjs-ops backend unless another was set. Throws a
 * `SpecificationVersionError` if the backend speaks another contract version: the slot is
 * shared by every copy of `@descent/core` in the process, so another copy may have set it.
 */
export function getBackend(): Backend {
  const holder = globalThis as Holder;
  holder[SLOT] ??= createOpsBackend();
  const backend = holder[SLOT];
  assertSpecificationVersion(`backend "${String(backend.name)}" (set by another copy of @descent/core)`, backend);
  return backend;
}

/**
 * Makes `backend` the one every optimizer runs on from now on. Anything that is not a
 * `Backend` of this contract version is rejected with a typed error (an `InvalidOptionError`
 * naming `"backend"`, or a `SpecificationVersionError`), and the current backend stays.
 */
export function setBackend(backend: Backend): void {
  let name: unknown;
  try {
    if (typeof backend !== 'object' || backend === null || typeof backend.runUpdate !== 'function') {
      throw new InvalidOptionError(
        'backend',
        `setBackend: "backend" must be a Backend (an object with runUpdate), got ${describeValue(backend)}`,
      );
    }
    name = backend.name;
  } catch (error) {
    if (error instanceof InvalidOptionError) throw error;
    throw new InvalidOptionError('backend', `setBackend: could not read "backend": ${thrownMessage(error)}`, { cause: error });
  }
  assertSpecificationVersion(`backend ${typeof name === 'string' ? JSON.stringify(name) : describeValue(name)}`, backend);
  (globalThis as Holder)[SLOT] = backend;
}
