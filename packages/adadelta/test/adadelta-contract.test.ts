import '@tensorflow/tfjs-backend-cpu';
import { InvalidOptionError, InvalidTensorError } from '@descent/core';
import { Adadelta } from '@descent/adadelta';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHAPES, TestModel } from '@descent/testing';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

function model(): TestModel {
  const m = new TestModel(SHAPES, SHAPES.map((shape) => new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0.5)));
  m.setGrads(SHAPES.map((shape) => new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0.25)));
  return m;
}

describe('Adadelta options', () => {
  const bad: [string, unknown][] = [
    ['decay', Number.NaN],
    ['decay', -0.1],
    ['decay', 1],
    ['decay', 1.5],
    ['decay', '0.9'],
    ['epsilon', -1e-9],
    ['epsilon', Number.NaN],
    ['epsilon', Number.POSITIVE_INFINITY],
    ['paramClipValue', 'big'],
    ['paramClipValue', Number.NaN],
    ['stochasticRound', 1],
    // neon's Adadelta has no learning rate and no gradient clipping: rejected, not ignored.
    ['learningRate', 0.1],
    ['schedule', { getLearningRate: () => 1 }],
    ['gradientClipNorm', 1],
    ['gradientClipValue', 1],
  ];
  it.each(bad)('rejects %s = %s with an InvalidOptionError naming it', (option, value) => {
    const attempt = () => new Adadelta({ [option]: value } as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(expect.objectContaining({ option }));
  });

  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new Adadelta({ decay: 0, epsilon: 0, stochasticRound: true, paramClipValue: null });
    expect([optimizer.decay, optimizer.epsilon]).toEqual([0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new Adadelta({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });
});

describe('Adadelta states', () => {
  it('fills empty state lists lazily with three zero-initialised states per param, then reuses them', () => {
    const m = model();
    const optimizer = new Adadelta();
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    optimizer.optimize(m.layers, 0);
    const created = m.states.map((list) => [...list]);
    created.forEach((list, i) => {
      expect(list).toHaveLength(3);
      for (const state of list) expect(state.shape).toEqual(SHAPES[i]);
    });
    // One step from zeros, g = 0.25, in neon's order: E[g^2] = 0.05 g^2, dx, E[dx^2] = 0.05 dx^2.
    const [msGrad, msDelta, delta] = m.states[3]!.map((s) => s.dataSync()[0]!);
    expect(msGrad).toBeCloseTo(0.05 * 0.0625, 7);
    expect(delta).toBeCloseTo(0.25 * Math.sqrt(1e-6 / (0.05 * 0.0625 + 1e-6)), 7);
    expect(msDelta).toBeCloseTo(0.05 * delta! * delta!, 9);
    optimizer.optimize(m.layers, 0);
    m.states.forEach((list, i) => {
      expect(list).toHaveLength(3);
      list.forEach((state, k) => expect(state).toBe(created[i]![k]));
    });
    optimizer.dispose();
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    m.dispose();
  });

  it('rejects a state list of the wrong length (e.g. made by another optimizer) before writing', () => {
    const m = model();
    m.states[1]!.push(tf.variable(tf.zeros([7])));
    const before = m.paramValues();
    expect(() => new Adadelta().optimize(m.layers, 0)).toThrow(InvalidTensorError);
    expect(m.paramValues()).toEqual(before);
    expect(m.states[0]).toHaveLength(0);
    m.dispose();
  });

  it('allocates no tensors per step over 100 steps', () => {
    const m = model();
    const optimizer = new Adadelta({ paramClipValue: 0.4 });
    optimizer.optimize(m.layers, 0); // creates the states
    const before = tf.memory().numTensors;
    for (let step = 0; step < 100; step++) optimizer.optimize(m.layers, Math.floor(step / 10));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    m.dispose();
  });
});
