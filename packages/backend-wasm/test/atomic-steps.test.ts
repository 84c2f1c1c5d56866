import { Adam } from '@descent/adam';
import type { WasmBackend } from '@descent/backend-wasm';
import { type Optimizer, setBackend } from '@descent/core';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { expectAtomicFault, faultsFor } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { wasmBackend } from './helpers.js';

let backend: WasmBackend;

beforeAll(async () => {
  backend = await wasmBackend();
  setBackend(backend);
});
afterAll(() => backend.dispose());

/** A float32 tensor on tfjs's "cpu" backend while "wasm" is active. */
function foreignTensor(shape: readonly number[]): tf.Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  return tf.engine().makeTensor(new Float32Array(size).fill(1), [...shape], 'float32', tf.findBackend('cpu')!);
}

const CASES: [string, number, () => Optimizer][] = [
  ['Adam', 2, () => new Adam({ gradientClipNorm: 1 })],
  // The fault model's layer "first" is one group, "nested" (entries 1-4) the other.
  ['MultiOptimizer', 1, () => new MultiOptimizer({ default: new Adam(), nested: new RMSProp({ gradientClipValue: 1 }) })],
];

for (const [name, states, make] of CASES) {
  describe(`${name} on backend-wasm: a fault at entry k of 5 leaves all params and states bit-identical`, () => {
    for (const fault of faultsFor(states, true)) {
      for (const k of [0, 2, 4]) {
        it(`${fault.name}, entry ${k}`, async () => {
          await expectAtomicFault({ make, fault, k, foreignTensor });
        });
      }
    }
  });
}
