import { InvalidOptionError } from '../errors.js';
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

/** Makes `backend` the one every optimizer runs on from now on. */
export function setBackend(backend: Backend): void {
  if (typeof backend !== 'object' || backend === null || typeof backend.runUpdate !== 'function') {
    throw new InvalidOptionError('backend', 'setBackend expects a Backend (an object with runUpdate)');
  }
  assertSpecificationVersion(`backend "${String(backend.name)}"`, backend);
  (globalThis as Holder)[SLOT] = backend;
}
