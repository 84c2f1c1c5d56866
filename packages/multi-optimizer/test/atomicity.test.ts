import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, InvalidTensorError, type Layer } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disposeCreated, Linear, SpyOptimizer } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(disposeCreated);

class Bias extends Linear {}

function bits(layer: Linear): Uint8Array {
  return new Uint8Array(Float32Array.from(layer.entry.param.dataSync()).buffer);
}

describe('MultiOptimizer atomicity', () => {
  it('a bad grad in the second group leaves the first group bit-identical, with no states created', () => {
    const first = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 });
    const second = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 });
    const multi = new MultiOptimizer({ default: first, Bias: second });
    const good = new Linear('good', [0.1, -0.2, 0.3]);
    const bad = new Bias('bad', [1, 2], [1, 2, 3]); // grad shape [3] for a param of shape [2]
    const before = bits(good);
    expect(multi.route([good, bad]).map((g) => g.optimizer)).toEqual([first, second]);
    expect(() => multi.optimize([good, bad], 0)).toThrow(InvalidTensorError);
    expect(() => multi.optimize([good, bad], 0)).toThrow(/grad of param "bad\/W/);
    expect(bits(good)).toEqual(before);
    expect(good.entry.states).toHaveLength(0);
    // With the fault fixed, the same call goes through and updates both groups.
    const fixed = new Bias('fixed', [1, 2], [1, 1]);
    multi.optimize([good, fixed], 0);
    expect(bits(good)).not.toEqual(before);
    expect(good.entry.states).toHaveLength(1);
    expect(fixed.entry.states).toHaveLength(1);
    multi.dispose();
  });

  it('a failing schedule in the second group leaves the first group untouched', () => {
    const first = new GradientDescentMomentum({ learningRate: 0.1 });
    const broken = new GradientDescentMomentum({ learningRate: 0.1, schedule: { getLearningRate: () => Number.NaN } });
    const multi = new MultiOptimizer({ default: first, Bias: broken });
    const good = new Linear('good');
    const before = bits(good);
    expect(() => multi.optimize([good, new Bias('b')], 0)).toThrow(InvalidOptionError);
    expect(bits(good)).toEqual(before);
  });

  it('validates every group before calling any optimizer', () => {
    const a = new SpyOptimizer('A');
    const b = new SpyOptimizer('B');
    b.validate = () => {
      throw new InvalidTensorError('param "x"', 'rejected by B');
    };
    const multi = new MultiOptimizer({ default: a, Bias: b });
    expect(() => multi.optimize([new Linear('l'), new Bias('b')], 0)).toThrow(/rejected by B/);
    expect(a.calls).toHaveLength(0);
    expect(() => multi.validate([new Linear('l')], 0)).not.toThrow();
    expect(a.calls).toHaveLength(0);
  });

  it('rejects a param reached through layers routed to two different optimizers', () => {
    const a = new SpyOptimizer('A');
    const b = new SpyOptimizer('B');
    const multi = new MultiOptimizer({ default: a, Bias: b });
    const linear = new Linear('shared_owner');
    const alias: Layer = Object.assign(new Bias('alias'), { getParams: () => linear.getParams() });
    expect(() => multi.optimize([linear, alias], 0)).toThrow(InvalidTensorError);
    expect(() => multi.optimize([linear, alias], 0)).toThrow(/two different optimizers/);
    expect(a.calls).toHaveLength(0);
    expect(b.calls).toHaveLength(0);
  });

  it('rejects a bad epoch before any optimizer is called', () => {
    const a = new SpyOptimizer('A');
    const multi = new MultiOptimizer({ default: a });
    expect(() => multi.optimize([new Linear('l')], -1)).toThrow(InvalidOptionError);
    expect(a.calls).toHaveLength(0);
  });
});
