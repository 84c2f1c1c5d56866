import type { UpdateProgram } from '@descent/core';
import '@tensorflow/tfjs-backend-cpu';
import { type BindingData, runBackendOnce } from '@descent/testing';
import { createBackend, type WasmBackend } from '@descent/backend-wasm';

const quiet = (() => {
  // tfjs prints an advertisement for tfjs-node once; keep test output readable.
  const original = console.log;
  return async <T>(run: () => Promise<T>): Promise<T> => {
    console.log = () => {};
    try {
      return await run();
    } finally {
      console.log = original;
    }
  };
})();

/** Creates a wasm backend (and makes tfjs' `wasm` backend active). */
export function wasmBackend(options?: Parameters<typeof createBackend>[0]): Promise<WasmBackend> {
  return quiet(() => createBackend(options));
}

/** Runs `program` once on `backend` over fresh wasm tensors holding `data`; every slot's values afterwards. */
export function runOn(backend: WasmBackend, program: UpdateProgram, data: readonly BindingData[], scalars: Float32Array): Float32Array[][] {
  return runBackendOnce(backend, program, data, scalars);
}

// The evaluator reference, float checks and seeded values are @descent/testing's backend kit.
export {
  type BindingData,
  evaluatorReference as reference,
  expectFloatsBitwise as expectBitwise,
  expectFloatsClose as expectClose,
  finiteScale as scaleOf,
  seeded as rng,
  sizeOf,
} from '@descent/testing';
