import type { CudaBackend } from '@descent/backend-cuda';
import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { type Backend, createOpsBackend, ExpSchedule, type Layer, type Optimizer, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { expectBitwise, rng, sizeOf } from './helpers.js';
import { standInBackend } from './stand-in.js';

const CLIP = { gradientClipNorm: 2, gradientClipValue: 0.5, paramClipValue: 1.5 };

/** The six optimizer packages, each plain and with every clip its options accept. */
const CASES: readonly [string, () => Optimizer][] = [
  ['GradientDescentMomentum plain', () => new GradientDescentMomentum({ learningRate: 0.1 })],
  ['GradientDescentMomentum momentum+wdecay+clip', () => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, wdecay: 1e-3, ...CLIP })],
  ['GradientDescentMomentum nesterov+schedule', () => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, nesterov: true, schedule: new ExpSchedule({ decay: 0.3 }) })],
  ['RMSProp', () => new RMSProp({ learningRate: 0.01 })],
  ['RMSProp clip', () => new RMSProp({ learningRate: 0.01, ...CLIP })],
  ['Adagrad', () => new Adagrad({ learningRate: 0.05 })],
  ['Adagrad clip', () => new Adagrad({ learningRate: 0.05, ...CLIP })],
  ['Adadelta', () => new Adadelta()],
  ['Adadelta paramClip', () => new Adadelta({ decay: 0.9, paramClipValue: 0.8 })],
  ['Adam', () => new Adam({ learningRate: 0.01 })],
  ['Adam clip+schedule', () => new Adam({ learningRate: 0.01, ...CLIP, schedule: new ExpSchedule({ decay: 0.1 }) })],
  ['ShiftAdaMax', () => new ShiftAdaMax({ learningRate: 0.01 })],
];

const SHAPES = [[4, 3], [], [10], [2, 1, 3]];
const STEPS = 6;

/**
 * Runs an optimizer for STEPS calls (two per epoch) on a small model (one plain layer, the
 * rest nested in a container) with seeded gradients, on a Descent backend and a tfjs backend;
 * returns every param and state after every step.
 */
async function trajectory(make: () => Optimizer, backend: Backend, tfjsBackend: string, seed: number): Promise<Float32Array[][]> {
  await tf.setBackend(tfjsBackend);
  setBackend(backend);
  const random = rng(seed);
  const values = (shape: number[], scale: number) => Float32Array.from({ length: sizeOf(shape) }, () => (random() * 2 - 1) * scale);
  const params = SHAPES.map((shape, i) => tf.variable(tf.tensor(values(shape, 1), shape), true, `p${i}-${tfjsBackend}`));
  const grads = SHAPES.map((shape) => tf.variable(tf.zeros(shape), false));
  const states: tf.Variable[][] = SHAPES.map(() => []);
  const entries = (from: number, to: number) => () => params.slice(from, to).map((param, k) => ({ param, grad: grads[from + k]!, states: states[from + k]! }));
  const layers: Layer[] = [{ name: 'first', getParams: entries(0, 1) }, { name: 'container', layers: [{ name: 'nested', getParams: entries(1, SHAPES.length) }] }];
  const optimizer = make();
  const record: Float32Array[][] = [];
  try {
    for (let step = 0; step < STEPS; step++) {
      grads.forEach((g, i) => tf.tidy(() => g.assign(tf.tensor(values(SHAPES[i]!, 3), SHAPES[i]))));
      optimizer.optimize(layers, Math.floor(step / 2));
      record.push([...params, ...states.flat()].map((t) => t.dataSync() as Float32Array));
    }
    return record;
  } finally {
    optimizer.dispose();
    tf.dispose([...params, ...grads]);
  }
}

let cuda: CudaBackend;
beforeAll(async () => {
  cuda = await standInBackend();
});

describe.each([1, 3, 8])('the real optimizers agree bit for bit with core\'s ops backend (batchSize %i)', (batchSize) => {
  CASES.forEach(([label, make], c) => {
    it(label, async () => {
      const expected = await trajectory(make, createOpsBackend({ batchSize }), 'cpu', c + 1);
      cuda.batchSize = batchSize;
      const actual = await trajectory(make, cuda, 'tensorflow', c + 1);
      expected.forEach((tensors, step) => tensors.forEach((e, k) => expectBitwise(actual[step]![k]!, e, `step ${step} tensor ${k}`)));
    });
  });
});
