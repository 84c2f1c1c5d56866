import '@tensorflow/tfjs-backend-cpu';
import { InvalidOptionError, InvalidTensorError, Schedule } from '@descent/core';
import { Adagrad } from '@descent/adagrad';
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

describe('Adagrad options', () => {
  const bad: [string, unknown][] = [
    ['learningRate', -1e-3],
    ['learningRate', Number.NaN],
    ['learningRate', Number.POSITIVE_INFINITY],
    ['epsilon', -1e-9],
    ['epsilon', Number.NaN],
    ['gradientClipNorm', Number.NaN],
    ['gradientClipValue', Number.POSITIVE_INFINITY],
    ['paramClipValue', 'big'],
    ['schedule', { rate: 1 }],
    ['stochasticRound', 1],
    ['decayRate', 0.9],
  ];
  it.each(bad)('rejects %s = %s with an InvalidOptionError naming it', (option, value) => {
    const attempt = () => new Adagrad({ [option]: value } as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(expect.objectContaining({ option }));
  });

  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new Adagrad({ learningRate: 0, epsilon: 0, stochasticRound: true, gradientClipNorm: null });
    expect([optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new Adagrad({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });

  it('rejects a schedule that yields a bad rate at optimize(), before writing anything', () => {
    const m = model();
    const optimizer = new Adagrad({ schedule: { getLearningRate: () => Number.NaN } });
    const before = m.paramValues();
    expect(() => optimizer.optimize(m.layers, 0)).toThrow(expect.objectContaining({ option: 'schedule' }));
    expect(m.paramValues()).toEqual(before);
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    m.dispose();
  });
});

describe('Adagrad states', () => {
  it('fills empty state lists lazily with one zero-initialised state per param, then reuses them', () => {
    const m = model();
    const optimizer = new Adagrad({ schedule: new Schedule() });
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    optimizer.optimize(m.layers, 0);
    const created = m.states.map((list) => [...list]);
    created.forEach((list, i) => {
      expect(list).toHaveLength(1);
      expect(list[0]!.shape).toEqual(SHAPES[i]);
    });
    // After one step from zeros: G = g^2, with g = 0.25.
    for (const value of m.states[3]![0]!.dataSync()) expect(value).toBe(0.0625);
    optimizer.optimize(m.layers, 0);
    m.states.forEach((list, i) => {
      expect(list).toHaveLength(1);
      expect(list[0]).toBe(created[i]![0]);
    });
    optimizer.dispose();
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    m.dispose();
  });

  it('rejects a state list of the wrong length (e.g. made by another optimizer) before writing', () => {
    const m = model();
    m.states[1]!.push(tf.variable(tf.zeros([7])), tf.variable(tf.zeros([7])));
    const before = m.paramValues();
    expect(() => new Adagrad().optimize(m.layers, 0)).toThrow(InvalidTensorError);
    expect(m.paramValues()).toEqual(before);
    expect(m.states[0]).toHaveLength(0);
    m.dispose();
  });

  it('allocates no tensors per step over 100 steps', () => {
    const m = model();
    const optimizer = new Adagrad({ gradientClipNorm: 0.5, gradientClipValue: 0.2, paramClipValue: 0.4 });
    optimizer.optimize(m.layers, 0); // creates the states
    const before = tf.memory().numTensors;
    for (let step = 0; step < 100; step++) optimizer.optimize(m.layers, Math.floor(step / 10));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    m.dispose();
  });
});
