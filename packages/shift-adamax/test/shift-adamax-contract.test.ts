import '@tensorflow/tfjs-backend-cpu';
import { InvalidOptionError, InvalidTensorError, Schedule } from '@descent/core';
import { ShiftAdaMax } from '@descent/shift-adamax';
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

describe('ShiftAdaMax options', () => {
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
    ['schedule', { rate: 1 }],
    ['stochasticRound', 1],
    ['decayRate', 0.9],
    // neon's ShiftAdaMax has no clipping options (it always clips parameters to [-1, 1]).
    ['gradientClipNorm', 1],
    ['gradientClipValue', 1],
    ['paramClipValue', 1],
  ];
  it.each(bad)('rejects %s = %s with an InvalidOptionError naming it', (option, value) => {
    const attempt = () => new ShiftAdaMax({ [option]: value } as never);
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(expect.objectContaining({ option }));
  });

  it('accepts the edges of the valid ranges and the no-op stochasticRound flag', () => {
    const optimizer = new ShiftAdaMax({ beta1: 0, beta2: 0, learningRate: 0, epsilon: 0, stochasticRound: true });
    expect([optimizer.beta1, optimizer.beta2, optimizer.learningRate, optimizer.epsilon]).toEqual([0, 0, 0, 0]);
    expect(optimizer.pipeline).toEqual({});
  });

  it('rejects a schedule that yields a bad rate at optimize(), before writing anything', () => {
    const m = model();
    const optimizer = new ShiftAdaMax({ schedule: { getLearningRate: () => Number.NaN } });
    const before = m.paramValues();
    expect(() => optimizer.optimize(m.layers, 0)).toThrow(expect.objectContaining({ option: 'schedule' }));
    expect(m.paramValues()).toEqual(before);
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    m.dispose();
  });
});

describe('ShiftAdaMax states', () => {
  it('fills empty state lists lazily with three zero-initialised states per param ([m, u, inv]), then reuses them', () => {
    const m = model();
    const optimizer = new ShiftAdaMax({ schedule: new Schedule() });
    expect(m.states.every((list) => list.length === 0)).toBe(true);
    optimizer.optimize(m.layers, 0);
    const created = m.states.map((list) => [...list]);
    created.forEach((list, i) => {
      expect(list).toHaveLength(3);
      for (const state of list) expect(state.shape).toEqual(SHAPES[i]);
    });
    // One step from zeros, g = 0.25, in neon's order: m = 0.1 g, u = |g|, inv = 1/(u + 1e-8).
    for (const value of m.states[3]![0]!.dataSync()) expect(value).toBeCloseTo(0.025, 7);
    for (const value of m.states[3]![1]!.dataSync()) expect(value).toBe(0.25);
    for (const value of m.states[3]![2]!.dataSync()) expect(value).toBeCloseTo(4, 5);
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
    expect(() => new ShiftAdaMax().optimize(m.layers, 0)).toThrow(InvalidTensorError);
    expect(m.paramValues()).toEqual(before);
    expect(m.states[0]).toHaveLength(0);
    m.dispose();
  });

  it('allocates no tensors per step over 100 steps', () => {
    const m = model();
    const optimizer = new ShiftAdaMax({ learningRate: 0.01 });
    optimizer.optimize(m.layers, 0); // creates the states
    const before = tf.memory().numTensors;
    for (let step = 0; step < 100; step++) optimizer.optimize(m.layers, Math.floor(step / 10));
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    m.dispose();
  });
});
