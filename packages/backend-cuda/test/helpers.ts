import type { CudaBackend } from '@descent/backend-cuda';
import type { UpdateProgram } from '@descent/core';
import { type BindingData, runBackendOnce } from '@descent/testing';

/** Runs `program` once on `backend` over fresh tensors holding `data`, made on the active tfjs backend; every slot's values afterwards. */
export function runOn(backend: CudaBackend, program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Float32Array[][] {
  return runBackendOnce(backend, program, data, scalars);
}

// The evaluator reference, float checks and seeded values are @descent/testing's backend kit.
export {
  type BindingData,
  evaluatorReference as reference,
  expectFloatsBitwise as expectBitwise,
  expectFloatsClose as expectClose,
  seeded as rng,
  sizeOf,
} from '@descent/testing';
