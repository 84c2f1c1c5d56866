import { Adam } from '@descent/adam';
import type { Optimizer } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { expectAtomicFault, faultsFor } from '@descent/testing';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { useDawnBackend } from './dawn.js';

useDawnBackend();

/** A float32 tensor on tfjs's "cpu" backend while "webgpu" is active. */
function foreignTensor(shape: readonly number[]): tf.Tensor {
  const size = shape.reduce((n, d) => n * d, 1);
  return tf.engine().makeTensor(new Float32Array(size).fill(1), [...shape], 'float32', tf.findBackend('cpu')!);
}

const CASES: [string, number, () => Optimizer][] = [
  ['Adam', 2, () => new Adam({ gradientClipNorm: 1 })],
  // The fault model's layer "first" is one group, "nested" (entries 1-4) the other.
  ['MultiOptimizer', 1, () => new MultiOptimizer({ default: new Adam(), nested: new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 }) })],
];

for (const [name, states, make] of CASES) {
  describe(`${name} on WebGPU (Dawn): a fault at entry k of 5 leaves all params and states bit-identical`, () => {
    for (const fault of faultsFor(states, true)) {
      for (const k of [0, 4]) {
        it(`${fault.name}, entry ${k}`, async () => {
          await expectAtomicFault({ make, fault, k, foreignTensor });
        });
      }
    }
  });
}
