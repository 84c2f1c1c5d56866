import * as tf from '@tensorflow/tfjs-core';
import { defineUpdate, ElementwiseOptimizer, InvalidTensorError, type Layer, type ParamEntry } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededValues, TestLayer } from './helpers.js';

// Steps after the first reuse what the last call checked (same params and states, in order):
// these tests change one thing between two steps, in ways a cache keyed on the list, the
// layer or the entry objects would miss, and require the full check (or the right result).

const rule = defineUpdate({
  name: 'checked-call-test', states: ['a', 'b'], scalars: ['lr'],
  update: ({ param, grad, a, b }, s) => ({ a: a.add(grad), b: b.add(grad.square()), param: param.sub(s.lr.mul(grad)) }),
});
class TwoStates extends ElementwiseOptimizer<'a' | 'b', 'lr'> {
  constructor() { super(rule, {}); }
  protected override stepScalars() { return { lr: 0.5 }; }
}

/** float64 reference of `steps` steps of the rule above, for one param with grads `grads[k]`. */
function reference(param: number[], grads: number[][]): number[] {
  return grads.reduce((p, g) => p.map((x, i) => Math.fround(x - Math.fround(0.5 * g[i]!))), param.map(Math.fround));
}

describe('steps over the same tensors (the checked-call path)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('uses each step\'s new grads, in the same entry objects and in new ones', async () => {
    const initial = seededValues(3, 6);
    const param = tf.variable(tf.tensor(initial, [2, 3]), true, 'w');
    const grads = [1, 2, 3, 4].map((seed) => seededValues(10 + seed, 6));
    const entry: { param: tf.Variable; grad: tf.Tensor; states: tf.Variable[] } = { param, grad: tf.tensor(grads[0]!, [2, 3]), states: [] };
    let fresh = false;
    // Steps 1-2 reuse the entry object; steps 3-4 hand out a new entry (same param and states).
    const layer: Layer = { name: 'l', getParams: (): ParamEntry[] => (fresh ? [{ ...entry }] : [entry]) };
    const optimizer = new TwoStates();
    grads.forEach((g, k) => {
      fresh = k >= 2;
      entry.grad = tf.tensor(g, [2, 3]);
      optimizer.optimize([layer], 0);
    });
    const expected = reference(initial, grads);
    const actual = Array.from(await param.data());
    actual.forEach((x, i) => expect(x).toBe(expected[i]));
    optimizer.dispose();
  });

  it('rejects a state replaced by another param\'s state (appears twice) and writes nothing', async () => {
    const layer = new TestLayer('c1', [[3], [3]]);
    layer.setGrads([[1, 2, 3], [4, 5, 6]]);
    const optimizer = new TwoStates();
    optimizer.optimize([layer], 0);
    const before = await Promise.all(layer.entries.flatMap((e) => [e.param, ...e.states]).map((t) => t.data()));
    const [first, second] = layer.entries;
    const own = second!.states[0]!;
    second!.states[0] = first!.states[0]!;
    expect(() => optimizer.optimize([layer], 0)).toThrow(/appears twice/);
    second!.states[0] = own;
    const after = await Promise.all(layer.entries.flatMap((e) => [e.param, ...e.states]).map((t) => t.data()));
    expect(after).toEqual(before);
    expect(() => optimizer.optimize([layer], 0)).not.toThrow();
    optimizer.dispose();
    layer.dispose();
  });

  it('rejects a disposed state and a grad disposed since the last step, naming them', () => {
    const layer = new TestLayer('c2', [[4]]);
    layer.setGrads([[1, 1, 1, 1]]);
    const optimizer = new TwoStates();
    optimizer.optimize([layer], 0);
    const entry = layer.entries[0]!;
    entry.grad.dispose();
    expect(() => optimizer.optimize([layer], 0)).toThrow(InvalidTensorError);
    expect(() => optimizer.optimize([layer], 0)).toThrow(/grad of param "c2\/p0" is disposed/);
    layer.setGrads([[1, 1, 1, 1]]);
    entry.states[1]!.dispose();
    expect(() => optimizer.optimize([layer], 0)).toThrow(/state 1 of param "c2\/p0" is disposed/);
    optimizer.dispose();
    layer.dispose();
  });

  it('checks a new grad of another shape or dtype against the param', () => {
    const layer = new TestLayer('c3', [[2, 2]]);
    layer.setGrads([[1, 1, 1, 1]]);
    const optimizer = new TwoStates();
    optimizer.optimize([layer], 0);
    const entry = layer.entries[0]!;
    entry.grad = tf.zeros([4]); // same size, another shape
    expect(() => optimizer.optimize([layer], 0)).toThrow(/grad of param "c3\/p0" has shape \[4\], expected \[2,2\]/);
    entry.grad = tf.zeros([2, 2], 'int32');
    expect(() => optimizer.optimize([layer], 0)).toThrow(/dtype int32/);
    optimizer.dispose();
    layer.dispose();
  });

  it('checks a wrong grad again at every step, also after a step that failed further on', () => {
    const layer = new TestLayer('c5', [[2, 2], [2]]);
    layer.setGrads([[1, 1, 1, 1], [1, 1]]);
    const optimizer = new TwoStates();
    optimizer.optimize([layer], 0);
    const [first, second] = layer.entries;
    const wrong = tf.zeros([4]); // same size as the first param, another shape
    first!.grad = wrong;
    second!.grad = tf.zeros([3]); // this one fails too, after the first entry was looked at
    expect(() => optimizer.optimize([layer], 0)).toThrow(/grad of param "c5\/p0" has shape \[4\]/);
    second!.grad = tf.zeros([2]);
    expect(() => optimizer.optimize([layer], 0)).toThrow(/grad of param "c5\/p0" has shape \[4\]/);
    optimizer.dispose();
    layer.dispose();
  });

  it('sees params reordered, added or removed in the same list object', async () => {
    const layer = new TestLayer('c4', [[2], [2], [2]]);
    layer.setGrads([[1, 1], [2, 2], [3, 3]]);
    const optimizer = new TwoStates();
    optimizer.optimize([layer], 0);
    const [a, b, c] = layer.entries;
    layer.entries.splice(0, 3, c!, a!); // reordered, one removed
    optimizer.optimize([layer], 0);
    layer.entries.push(b!);
    optimizer.optimize([layer], 0);
    // a and c stepped three times, b twice; each accumulator `a` holds the sum of its grads.
    expect(Array.from(await a!.states[0]!.data())).toEqual([3, 3]);
    expect(Array.from(await b!.states[0]!.data())).toEqual([4, 4]);
    expect(Array.from(await c!.states[0]!.data())).toEqual([9, 9]);
    // getState (no layers) covers the param removed for one step.
    expect(Object.keys(optimizer.getState().params).sort()).toEqual(['c4/p0', 'c4/p1', 'c4/p2']);
    optimizer.dispose();
    layer.dispose();
  });

  it('after dispose() and after a restore, the next step checks in full', () => {
    const layer = new TestLayer('c5', [[3]]);
    layer.setGrads([[1, 2, 3]]);
    const optimizer = new TwoStates();
    optimizer.optimize([layer], 0);
    const state = optimizer.getState();
    optimizer.dispose(); // frees the states and takes them out of the list
    expect(layer.entries[0]!.states).toHaveLength(0);
    optimizer.optimize([layer], 0); // creates new ones
    expect(layer.entries[0]!.states).toHaveLength(2);
    optimizer.setState(state, [layer]);
    expect(() => optimizer.optimize([layer], 0)).not.toThrow();
    optimizer.dispose();
    layer.dispose();
  });
});
