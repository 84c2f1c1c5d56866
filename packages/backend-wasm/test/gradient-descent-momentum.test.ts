import type { WasmBackend } from '@descent/backend-wasm';
import {
  type Backend,
  createOpsBackend,
  ExpSchedule,
  type Layer,
  type ParamEntry,
  PowerSchedule,
  setBackend,
  StepSchedule,
} from '@descent/core';
import { GradientDescentMomentum, type GradientDescentMomentumOptions } from '@descent/gradient-descent-momentum';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBitwise, expectClose, rng, scaleOf, sizeOf, wasmBackend } from './helpers.js';

const SHAPES = [[7, 3], [5], [], [1024], [3, 3, 3]];

/** A model as an optimizer sees it: one layer per shape, gradients replaced every step. */
let worlds = 0;
class World {
  readonly entries: ParamEntry[];
  readonly layers: Layer[];
  constructor(init: readonly Float32Array[]) {
    const id = worlds++;
    this.entries = SHAPES.map((shape, i) => ({
      param: tf.variable(tf.tensor(init[i]!, shape), true, `world${id}/layer${i}/w`),
      grad: tf.zeros(shape),
      states: [],
    }));
    this.layers = this.entries.map((entry, i) => ({ name: `layer${i}`, getParams: () => [entry] }));
  }
  setGrads(grads: readonly Float32Array[]): void {
    this.entries.forEach((entry, i) => {
      entry.grad.dispose();
      (entry as { grad: tf.Tensor }).grad = tf.tensor(grads[i]!, SHAPES[i]);
    });
  }
  values(): Float32Array[][] {
    return this.entries.map((e) => [e.param, ...e.states].map((t) => t.dataSync() as Float32Array));
  }
  dispose(): void {
    for (const e of this.entries) {
      e.param.dispose();
      e.grad.dispose();
    }
  }
}

const CASES: [string, number, GradientDescentMomentumOptions][] = [
  ['momentum 0', 1, { learningRate: 0.1 }],
  ['momentum 0 + wdecay + all clips', 8, { learningRate: 0.1, wdecay: 0.01, gradientClipNorm: 2, gradientClipValue: 0.5, paramClipValue: 1 }],
  ['momentum', 3, { learningRate: 0.05, momentumCoef: 0.9 }],
  ['momentum + wdecay + value clip + StepSchedule', 32, { learningRate: 0.05, momentumCoef: 0.9, wdecay: 0.001, gradientClipValue: 0.3, schedule: new StepSchedule({ stepConfig: [1, 2], change: [0.03, 0.01] }) }],
  ['momentum + norm clip + ExpSchedule', 4, { learningRate: 0.05, momentumCoef: 0.5, gradientClipNorm: 1, schedule: new ExpSchedule({ decay: 0.5 }) }],
  ['nesterov', 6, { learningRate: 0.05, momentumCoef: 0.9, nesterov: true }],
  ['nesterov + wdecay + norm/param clip + PowerSchedule', 16, { learningRate: 0.2, momentumCoef: 0.8, nesterov: true, wdecay: 0.01, gradientClipNorm: 3, paramClipValue: 0.7, schedule: new PowerSchedule({ stepConfig: 2, change: 0.5 }) }],
];

describe('GradientDescentMomentum on the wasm backend agrees with the ops backend on tfjs-cpu', () => {
  let wasm: WasmBackend;
  beforeAll(async () => {
    wasm = await wasmBackend();
  });
  afterAll(() => wasm.dispose());

  it.each(CASES)('%s, batchSize %d', async (_, batchSize, options) => {
    const random = rng(batchSize * 31 + Object.keys(options).length);
    const draw = (scale: number) => SHAPES.map((s) => Float32Array.from({ length: sizeOf(s) }, () => (random() * 2 - 1) * scale));
    const init = draw(1);

    await tf.setBackend('cpu');
    const ops: Backend = createOpsBackend({ batchSize });
    const refWorld = new World(init);
    const refOptimizer = new GradientDescentMomentum(options);
    await tf.setBackend('wasm');
    wasm.batchSize = batchSize;
    const myWorld = new World(init);
    const myOptimizer = new GradientDescentMomentum(options);
    const callsBefore = wasm.stats.kernelCalls;

    try {
      for (let step = 0; step < 6; step++) {
        const epoch = Math.floor(step / 2);
        const grads = draw(4 * batchSize);
        await tf.setBackend('cpu');
        setBackend(ops);
        refWorld.setGrads(grads);
        refOptimizer.optimize(refWorld.layers, epoch);
        const expected = refWorld.values();

        await tf.setBackend('wasm');
        setBackend(wasm);
        myWorld.setGrads(grads);
        myOptimizer.optimize(myWorld.layers, epoch);
        const actual = myWorld.values();

        expected.forEach((slots, b) =>
          slots.forEach((e, k) => {
            const what = `step ${step} layer ${b} ${k === 0 ? 'param' : 'velocity'}`;
            if (options.gradientClipNorm) {
              // Clip-norm sums in another order: see differential-pipeline.test.ts for the floor.
              expectClose(actual[b]![k]!, e, what, 1e-6, 1e-6 * scaleOf(e));
            } else {
              expectBitwise(actual[b]![k]!, e, what);
            }
          }),
        );
      }
      expect(wasm.stats.kernelCalls - callsBefore).toBe(6);
    } finally {
      await tf.setBackend('cpu');
      refOptimizer.dispose();
      refWorld.dispose();
      await tf.setBackend('wasm');
      myOptimizer.dispose();
      myWorld.dispose();
    }
  });
});
