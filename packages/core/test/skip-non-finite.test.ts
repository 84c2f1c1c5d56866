import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createOpsBackend, defineUpdate, ElementwiseOptimizer, type PipelineSettings, setBackend } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';

const rule = defineUpdate({
  name: 'two-states', states: ['a', 'b'], scalars: ['lr'],
  update: ({ param, grad, a, b }, s) => ({ a: a.add(grad), b: b.add(grad.square()), param: param.sub(s.lr.mul(grad)) }),
});
class Counting extends ElementwiseOptimizer<'a' | 'b', 'lr'> {
  steps = 0;
  constructor(pipeline: PipelineSettings) { super(rule, pipeline); }
  protected override stepScalars() { return { lr: 0.5 }; }
  protected override onStepApplied() { this.steps++; }
}

const bits = (layer: TestLayer) =>
  layer.entries.flatMap((e) => [e.param, ...e.states]).map((t) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer)));

describe('skipNonFinite on core\'s ops evaluator', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    setBackend(createOpsBackend());
  });

  for (const bad of [Number.NaN, Infinity, -Infinity]) {
    it(`a ${bad} in the last grad of the call: nothing is written and the skip is counted (on tfjs-cpu; the WebGPU suite checks for readbacks)`, async () => {
      const layer = new TestLayer('s', [[3], [2, 2], [5]]);
      layer.setGrads([[1, 2, 3], [1, 1, 1, 1], [1, 1, 1, 1, 1]]);
      const optimizer = new Counting({ skipNonFinite: true, gradientClipNorm: 1 });
      try {
        optimizer.optimize([layer], 0);
        const before = bits(layer);
        layer.setGrads([[1, 2, 3], [1, 1, 1, 1], [1, 1, 1, 1, bad]]);
        optimizer.optimize([layer], 0);
        expect(bits(layer)).toEqual(before);
        expect(await optimizer.skippedSteps).toBe(1);
        expect(optimizer.steps, 'the host counts the call: it cannot know it was skipped').toBe(2);
        layer.setGrads([[1, 2, 3], [1, 1, 1, 1], [1, 1, 1, 1, 1]]);
        optimizer.optimize([layer], 0);
        expect(bits(layer)).not.toEqual(before);
        expect(await optimizer.skippedSteps).toBe(1);
      } finally {
        optimizer.dispose();
        layer.dispose();
      }
    });
  }

  it('is off by default: a NaN gradient propagates, as in neon, and nothing is counted', async () => {
    const layer = new TestLayer('n', [[2]]);
    layer.setGrads([[Number.NaN, 1]]);
    const optimizer = new Counting({});
    try {
      optimizer.optimize([layer], 0);
      expect(Number.isNaN(layer.entries[0]!.param.dataSync()[0])).toBe(true);
      expect(await optimizer.skippedSteps).toBe(0);
    } finally {
      optimizer.dispose();
      layer.dispose();
    }
  });

  it('a finite call with skipNonFinite gives bit for bit the results of one without', () => {
    const results = [false, true].map((skip) => {
      const layer = new TestLayer('f', [[4], [3]], 7);
      layer.setGrads([[0.1, -2, 3e30, -0], [1e-30, 5, -5]]);
      const optimizer = new Counting(skip ? { skipNonFinite: true } : {});
      optimizer.optimize([layer], 0);
      optimizer.optimize([layer], 1);
      const out = bits(layer);
      optimizer.dispose();
      layer.dispose();
      return out;
    });
    expect(results[1]).toEqual(results[0]);
  });

  it('dispose() frees the skip counter with the states', () => {
    const layer = new TestLayer('d', [[2]]);
    const count = tf.memory().numTensors;
    const optimizer = new Counting({ skipNonFinite: true });
    optimizer.optimize([layer], 0);
    expect(tf.memory().numTensors).toBe(count + 3); // two states and the counter
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(count);
    layer.dispose();
  });
});
