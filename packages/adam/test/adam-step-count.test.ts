import '@tensorflow/tfjs-backend-cpu';
import { InvalidOptionError, InvalidTensorError, type Layer, Optimizer } from '@descent/core';
import { Adam } from '@descent/adam';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectClose,
  expectTypedRejection,
  hostileValue,
  maxDifference,
  referenceTrajectory,
  type ReferenceStep,
  runTrajectory,
  SHAPES,
  TestModel,
} from '@descent/testing';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const SETTINGS = { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** One Adam step from zero states, written out for a single element at step count `t`. */
function firstStep(p: number, g: number, t: number): number {
  const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = SETTINGS;
  const l = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
  return p - (l * ((1 - b1) * g)) / (Math.sqrt((1 - b2) * g * g) + eps);
}

/** A float64 Adam (no clips, batch size 1) whose step count restarts at `resetAt` calls, if given. */
function reference(resetAt = Infinity): ReferenceStep {
  const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = SETTINGS;
  let calls = 0;
  return (model, grads) => {
    calls += 1;
    const t = calls > resetAt ? calls - resetAt : calls;
    const l = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    grads.forEach((row, i) =>
      row.forEach((g, j) => {
        const [m, v] = model.states[i]! as [number[], number[]];
        m[j] = b1 * m[j]! + (1 - b1) * g;
        v[j] = b2 * v[j]! + (1 - b2) * g * g;
        model.params[i]![j] = model.params[i]![j]! - (l * m[j]!) / (Math.sqrt(v[j]!) + eps);
      }),
    );
  };
}

function model(): TestModel {
  const m = new TestModel(SHAPES, SHAPES.map((shape) => new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0.5)));
  m.setGrads(SHAPES.map((shape) => new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0.25)));
  return m;
}

describe('Adam step count t', () => {
  it('starts at 0 and counts optimize() calls, whatever the epoch (validate() does not count)', () => {
    const m = model();
    const adam = new Adam(SETTINGS);
    expect(adam.t).toBe(0);
    adam.validate(m.layers, 0);
    expect(adam.t).toBe(0);
    for (let call = 0; call < 3; call++) adam.optimize(m.layers, 0);
    expect(adam.t).toBe(3);
    adam.optimize(m.layers, 7);
    adam.optimize(m.layers, 7);
    expect(adam.t).toBe(5);
    adam.dispose();
    m.dispose();
  });

  it('does not count a call that fails validation, and the next call uses the right t', () => {
    const m = model();
    const adam = new Adam(SETTINGS);
    adam.optimize(m.layers, 0);
    const params = m.paramValues();
    const states = m.stateValues();
    // A valid first entry, then a gradient of the wrong shape: nothing may be written.
    const badGrad = tf.zeros([3]);
    const bad: Layer = {
      name: 'bad',
      getParams: () => [
        { param: m.params[0]!, grad: m.grads[0]!, states: m.states[0]! },
        { param: m.params[1]!, grad: badGrad, states: m.states[1]! },
      ],
    };
    expect(() => adam.optimize([bad], 0)).toThrow(InvalidTensorError);
    badGrad.dispose();
    const failing = new Adam({ ...SETTINGS, schedule: { getLearningRate: (lr, epoch) => (epoch === 2 ? Number.NaN : lr) } });
    failing.t = adam.t;
    expect(() => failing.optimize(m.layers, 2)).toThrow(InvalidOptionError);
    expect([adam.t, failing.t]).toEqual([1, 1]);
    expect(m.paramValues()).toEqual(params);
    expect(m.stateValues()).toEqual(states);
    // The second successful call is t = 2: check one element of the 0-d param by hand.
    adam.optimize(m.layers, 0);
    const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = SETTINGS;
    const [m2, v2] = [(1 - b1) * 0.25 * (1 + b1), (1 - b2) * 0.0625 * (1 + b2)];
    const l2 = (lr * Math.sqrt(1 - b2 ** 2)) / (1 - b1 ** 2);
    expectClose(m.params[0]!.dataSync(), [params[0]![0]! - (l2 * m2) / (Math.sqrt(v2) + eps)], 'param after t = 2');
    expect(adam.t).toBe(2);
    for (const t of [adam, failing, m]) t.dispose();
  });

  it('is settable to a non-negative integer, and the next step uses t + 1', () => {
    const m = model();
    const adam = new Adam(SETTINGS);
    adam.t = 10;
    adam.optimize(m.layers, 0);
    expect(adam.t).toBe(11);
    expectClose(m.params[2]!.dataSync(), new Array<number>(15).fill(firstStep(0.5, 0.25, 11)), 'param after t = 11');
    // Negative control: with t = 1 the bias-corrected step is far larger.
    expect(Math.abs(firstStep(0.5, 0.25, 1) - firstStep(0.5, 0.25, 11))).toBeGreaterThan(1e-2);
    adam.t = 0;
    expect(adam.t).toBe(0);
    adam.dispose();
    m.dispose();
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3', null])('rejects t = %s with an InvalidOptionError naming "t"', (value) => {
    const adam = new Adam();
    adam.t = 4;
    const assign = () => {
      adam.t = value as number;
    };
    expect(assign).toThrow(InvalidOptionError);
    expect(assign).toThrow(expect.objectContaining({ option: 't' }));
    expect(adam.t).toBe(4);
  });

  it('resumes a run exactly when t is restored into a new Adam (a checkpoint restore)', () => {
    // The first 10 calls go to one Adam, the next 10 to a fresh one given t and the layer's states.
    class Resumed extends Optimizer {
      calls = 0;
      readonly first = new Adam(SETTINGS);
      readonly second = new Adam(SETTINGS);
      optimize(layers: readonly Layer[], epoch: number): void {
        if (this.calls++ === 10) this.second.t = this.first.t;
        (this.calls <= 10 ? this.first : this.second).optimize(layers, epoch);
      }
      override dispose(): void {
        this.first.dispose();
        this.second.dispose();
      }
    }
    const { actual } = runTrajectory(new Resumed(), 2, reference(), { seed: 21 });
    // Negative control: resuming with t back at 0 (neon's behaviour) is far off.
    const lost = referenceTrajectory(2, reference(10), { seed: 21 });
    expect(maxDifference(actual.params, lost.params)).toBeGreaterThan(1e-2);
  });
});

// Adam's own: t is a public setter (resuming sets it), so it gets the hostile values the kit's
// knownOptions fuzz gives the constructor.
describe('Adam: hostile step counts', () => {
  it('setting t to anything but a non-negative safe integer is a typed error naming "t", and t stays', () => {
    const adam = new Adam();
    adam.t = 7;
    fc.assert(
      fc.property(hostileValue(), (value) => {
        const error = expectTypedRejection(() => (adam.t = value as number), ['t']);
        if (error) expect(adam.t).toBe(7);
        else expect(adam.t).toBe(value);
        adam.t = 7;
      }),
      { numRuns: 300 },
    );
  });
});
