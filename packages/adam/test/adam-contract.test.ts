import '@tensorflow/tfjs-backend-cpu';
import { InvalidOptionError, InvalidTensorError, Schedule } from '@descent/core';
import { Adam } from '@descent/adam';
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

describe('Adam options', () => {
  const bad: [string, unknown][] = [
    ['beta1', Number.NaN],
    ['beta1', -0.1],
    ['beta1', 1],
    ['beta1', '0.9'],
    ['beta2', Number.NaN],
    ['beta2', -1e-3],
    ['beta2', 1],
    ['beta2', 1.001],
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
    ['t', 3],
  ];
  it.each(bad)('rejects %s = %s with an InvalidOptionError naming it', (option, value) => {
    const attempt = () => new Adam({ [option]: value } as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(expect.objectContaining({ option }));
  });

  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new Adam({ beta1: 0, beta2: 0, learningRate: 0, epsilon: 0, stochasticRound: true, gradientClipNorm: null });
    expect([optimizer.beta1, optimizer.beta2, optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0, 0, 0]);
    expect(optimizer.pipeline).toEqual({});
    expect(new Adam({ paramClipValue: -2 }).pipeline).toEqual({ paramClipValue: 2 });
  });

  it('rejects a schedule that yields a bad rate at optimize(), before writing anything', () => {
    const m = model();
    const optimizer = new Adam({ schedule: { getLearningRate: () => Number.NaN } });
    const before = m.paramValues();
    expect(() => optimizer.optimize(m.layers, 0)).toThrow(expect.objectContaining({ option: 'schedule' }));
    expect(m.paramValues()).toEqual(before);
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    m.dispose();
  });
});

describe('Adam states', () => {
  it('fills empty state lists lazily with two zero-initialised states per param ([m, v]), then reuses them', () => {
    const m = model();
    const optimizer = new Adam({ schedule: new Schedule() });
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    optimizer.optimize(m.layers, 0);
    const created = m.states.map((list) => [...list]);
    created.forEach((list, i) => {
      expect(list).toHaveLength(2);
      for (const state of list) expect(state.shape).toEqual(SHAPES[i]);
    });
    // One step from zeros, g = 0.25, in neon's order: m = 0.1 g, v = 0.001 g^2.
    for (const value of m.states[3]![0]!.dataSync()) expect(value).toBeCloseTo(0.025, 7);
    for (const value of m.states[3]![1]!.dataSync()) expect(value).toBeCloseTo(0.0000625, 10);
    optimizer.optimize(m.layers, 0);
    m.states.forEach((list, i) => {
      expect(list).toHaveLength(2);
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
    expect(() => new Adam().optimize(m.layers, 0)).toThrow(InvalidTensorError);
    expect(m.paramValues()).toEqual(before);
    expect(m.states[0]).toHaveLength(0);
    m.dispose();
  });

  it('allocates no tensors per step over 100 steps', () => {
    const m = model();
    const optimizer = new Adam({ gradientClipNorm: 0.5, gradientClipValue: 0.2, paramClipValue: 0.4 });
    optimizer.optimize(m.layers, 0); // creates the states
    const before = tf.memory().numTensors;
    for (let step = 0; step < 100; step++) optimizer.optimize(m.layers, Math.floor(step / 10));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    m.dispose();
  });
});
