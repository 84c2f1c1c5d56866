import * as tf from '@tensorflow/tfjs-core';
import {
  defineUpdate, ElementwiseOptimizer, InvalidOptionError, InvalidTensorError, isDescentError, type Layer,
} from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';

const rule = defineUpdate({
  name: 'test-two-states', states: ['a', 'b'], scalars: ['lr'],
  update: ({ param, grad, a, b }, s) => ({ a: a.add(grad), b: b.add(grad.square()), param: param.sub(s.lr.mul(grad)) }),
});
class TwoStates extends ElementwiseOptimizer<'a' | 'b', 'lr'> {
  constructor() { super(rule, {}); }
  protected override stepScalars() { return { lr: 0.5 }; }
}

async function snapshot(layers: TestLayer[]) {
  return Promise.all(layers.flatMap((l) => l.entries.flatMap((e) => [e.param, ...e.states].map((t) => t.data()))));
}

/** Runs a call that must fail at the LAST layer, and checks the first layers are untouched. */
async function expectAtomicFailure(corrupt: (bad: TestLayer) => void, error: new (...a: never[]) => Error, message: RegExp) {
  const good = new TestLayer('good', [[3], [2, 2]]);
  const bad = new TestLayer('bad', [[5]]);
  good.setGrads([[1, 2, 3], [1, 1, 1, 1]]);
  bad.setGrads([[1, 1, 1, 1, 1]]);
  const optimizer = new TwoStates();
  optimizer.optimize([good, bad], 0); // states exist; a second call must not change them
  const before = await snapshot([good]);
  try {
    corrupt(bad);
    expect(() => optimizer.optimize([good, bad], 0)).toThrow(error);
    expect(() => optimizer.optimize([good, bad], 0)).toThrow(message);
    expect(await snapshot([good])).toEqual(before);
  } finally {
    good.dispose();
    bad.dispose();
  }
}

describe('validation before any write', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('rejects a grad of the wrong shape, naming the param', () =>
    expectAtomicFailure((bad) => { bad.entries[0]!.grad = tf.zeros([4]); }, InvalidTensorError, /grad of param "bad\/p0" has shape \[4\], expected \[5\]/));

  it('rejects a missing grad', () =>
    expectAtomicFailure((bad) => { bad.entries[0]!.grad = undefined as never; }, InvalidTensorError, /grad of param "bad\/p0" is missing/));

  it('rejects a disposed param', () =>
    expectAtomicFailure((bad) => bad.entries[0]!.param.dispose(), InvalidTensorError, /param "bad\/p0" is disposed/));

  it('rejects a non-float32 grad', () =>
    expectAtomicFailure((bad) => { bad.entries[0]!.grad = tf.zeros([5], 'int32'); }, InvalidTensorError, /dtype int32/));

  it('rejects states from a foreign optimizer', () =>
    expectAtomicFailure((bad) => { bad.entries[0]!.states.pop(); }, InvalidTensorError, /has 1 states, expected 2/));

  it('rejects a state of the wrong shape', () =>
    expectAtomicFailure((bad) => { bad.entries[0]!.states[1] = tf.variable(tf.zeros([2])); }, InvalidTensorError, /state 1 of param "bad\/p0" has shape/));

  it('rejects a param that appears twice', () =>
    expectAtomicFailure((bad) => { bad.entries.push(bad.entries[0]!); }, InvalidTensorError, /appears twice/));

  it('creates no state when the call fails', () => {
    const fresh = new TestLayer('fresh', [[2]]);
    const bad = new TestLayer('bad2', [[2]]);
    bad.entries[0]!.grad = tf.zeros([3]);
    expect(() => new TwoStates().optimize([fresh, bad], 0)).toThrow(InvalidTensorError);
    expect(fresh.entries[0]!.states).toHaveLength(0);
    fresh.dispose();
    bad.dispose();
  });

  it('rejects bad epochs with a typed error naming "epoch"', () => {
    const layer = new TestLayer('e', [[2]]);
    for (const epoch of [-1, Number.NaN, Infinity, '1' as never]) {
      try {
        new TwoStates().optimize([layer], epoch);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).option).toBe('epoch');
        expect(isDescentError(error)).toBe(true);
      }
    }
  });

  it('rejects a layer that contains itself', () => {
    const loop: { name: string; layers: Layer[] } = { name: 'loop', layers: [] };
    loop.layers.push(loop);
    expect(() => new TwoStates().optimize([loop], 0)).toThrow(/contains itself/);
  });
});
