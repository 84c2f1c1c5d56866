import '@tensorflow/tfjs-backend-cpu';
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

// Running a program once, the evaluator reference, float checks and seeded values are
// @descent/testing's backend kit.
export {
  runBackendOnce as runOn,
  type BindingData,
  evaluatorReference as reference,
  expectBitwiseAgreement,
  expectFloatsBitwise as expectBitwise,
  expectFloatsClose as expectClose,
  finiteScale as scaleOf,
  seeded as rng,
  sizeOf,
} from '@descent/testing';
