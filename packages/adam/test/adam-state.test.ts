import '@tensorflow/tfjs-backend-cpu';
import { ExpSchedule, type ParamsOptimizerState, StateError } from '@descent/core';
import { Adam } from '@descent/adam';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHAPES, TestModel } from '@descent/testing';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterEach(() => tf.disposeVariables());

function model(): TestModel {
  const m = new TestModel(SHAPES, SHAPES.map((shape) => new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0.5)));
  m.setGrads(SHAPES.map((shape) => new Array<number>(shape.reduce((n, d) => n * d, 1)).fill(0.25)));
  return m;
}

describe('Adam state', () => {
  it('saves type, config (schedule described) and t', () => {
    const m = model();
    const adam = new Adam({ learningRate: 0.01, beta2: 0.99, gradientClipNorm: 2, schedule: new ExpSchedule({ decay: 0.5 }) });
    for (let i = 0; i < 3; i++) adam.optimize(m.layers, 1);
    const state = adam.getState() as ParamsOptimizerState;
    expect(state.optimizer).toEqual({
      type: 'Adam',
      config: { gradientClipNorm: 2, learningRate: 0.01, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, schedule: { type: 'ExpSchedule', decay: 0.5 } },
    });
    expect(state.counters).toEqual({ t: 3 });
    expect(Object.values(state.params).every((p) => p.states.length === 2)).toBe(true);
  });

  it('restores t with the moments; a bad t is refused and changes neither t nor the moments', () => {
    const m = model();
    const adam = new Adam();
    for (let i = 0; i < 4; i++) adam.optimize(m.layers, 0);
    const saved = JSON.parse(JSON.stringify(adam.getState()));
    const other = new Adam();
    other.optimize(m.layers, 0); // t = 1, moments changed
    const moments = m.states.map((list) => list.map((s) => Array.from(s.dataSync())));
    for (const bad of [-1, 1.5, 2 ** 60, '4']) {
      const error = (() => {
        try {
          other.setState({ ...saved, counters: { t: bad } }, m.layers);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).field).toBe('counters.t');
      expect(other.t).toBe(1);
      expect(m.states.map((list) => list.map((s) => Array.from(s.dataSync())))).toEqual(moments);
    }
    other.setState(saved, m.layers);
    expect(other.t).toBe(4);
  });

  it('refuses a state saved by another optimizer type', () => {
    const m = model();
    const adam = new Adam();
    adam.optimize(m.layers, 0);
    const state = JSON.parse(JSON.stringify(adam.getState()));
    state.optimizer.type = 'AdaMax';
    expect(() => new Adam().setState(state)).toThrow(/optimizer\.type is "AdaMax", but this optimizer's type is "Adam"/);
  });
});
