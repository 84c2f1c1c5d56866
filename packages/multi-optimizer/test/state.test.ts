import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@descent/adam';
import { type GroupedOptimizerState, type Layer, type ParamsOptimizerState, StateError } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterEach(() => tf.disposeVariables());

/** A layer with one named param whose grad the test sets. */
class Dense implements Layer {
  readonly entry: { param: tf.Variable; grad: tf.Tensor; states: tf.Variable[] };
  constructor(readonly name: string, values: number[]) {
    this.entry = { param: tf.variable(tf.tensor1d(values), true, `${name}/kernel`), grad: tf.zeros([values.length]), states: [] };
  }
  getParams() {
    return [this.entry];
  }
  setGrad(step: number): void {
    this.entry.grad.dispose();
    this.entry.grad = tf.tensor1d(Array.from({ length: this.entry.param.size }, (_, i) => Math.sin(step * 7 + i + this.name.length)));
  }
}
class Conv extends Dense {}

function mapping() {
  const adam = new Adam({ learningRate: 0.01 });
  const sgd = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 });
  return { multi: new MultiOptimizer({ default: adam, Conv: sgd, head: adam }), adam, sgd };
}

function model(): Dense[] {
  return [new Dense('d1', [1, 2, 3]), new Conv('c1', [0.5, -0.5]), new Dense('head', [2, 2])];
}

function train(multi: MultiOptimizer, layers: Dense[], from: number, to: number): void {
  for (let step = from; step < to; step++) {
    layers.forEach((l) => l.setGrad(step));
    multi.optimize(layers, 0);
  }
}

function bits(layers: Dense[]): number[][] {
  return layers.flatMap((l) => [l.entry.param, ...l.entry.states].map((t) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer))));
}

describe('MultiOptimizer state', () => {
  it('holds one group per distinct optimizer, keyed by its first mapping key', () => {
    const { multi } = mapping();
    const layers = model();
    train(multi, layers, 0, 3);
    const state = multi.getState() as GroupedOptimizerState;
    expect(state.optimizer).toEqual({ type: 'MultiOptimizer' });
    expect(Object.keys(state.groups)).toEqual(['default', 'Conv']);
    const adamState = state.groups.default as ParamsOptimizerState;
    expect(adamState.counters).toEqual({ t: 3 });
    expect(Object.keys(adamState.params)).toEqual(['d1/kernel', 'head/kernel']);
    expect(Object.keys((state.groups.Conv as ParamsOptimizerState).params)).toEqual(['c1/kernel']);
    expect(multi.getConfig()).toEqual({ mapping: { default: 'Adam', Conv: 'GradientDescentMomentum', head: 'Adam' } });
  });

  it('resumes bit-identically, with and without layers at setState', () => {
    const N = 7;
    const straight = model();
    train(mapping().multi, straight, 0, N);
    const expected = bits(straight);
    tf.disposeVariables();
    for (const withLayers of [true, false]) {
      const first = model();
      const a = mapping().multi;
      train(a, first, 0, 3);
      const text = JSON.stringify(a.getState());
      const values = first.map((l) => Array.from(l.entry.param.dataSync()));
      tf.disposeVariables();
      const resumed = model();
      resumed.forEach((l, i) => l.entry.param.assign(tf.tensor1d(values[i]!)));
      const { multi, adam } = mapping();
      multi.setState(JSON.parse(text), withLayers ? resumed : undefined);
      expect(adam.t).toBe(withLayers ? 3 : 0);
      train(multi, resumed, 3, N);
      expect(adam.t).toBe(N);
      expect(bits(resumed)).toEqual(expected);
      tf.disposeVariables();
    }
  });

  it('validates every group before installing any; errors name the group', () => {
    const { multi, adam } = mapping();
    const layers = model();
    train(multi, layers, 0, 2);
    const saved = JSON.parse(JSON.stringify(multi.getState()));
    train(multi, layers, 2, 3);
    const before = bits(layers);
    const cases: [string, (d: any) => void, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['missing group', (d) => delete d.groups.Conv, 'groups["Conv"]'],
      ['extra group', (d) => (d.groups.Dense = d.groups.Conv), 'groups["Dense"]'],
      ['bad tensor in the second group', (d) => (d.groups.Conv.params['c1/kernel'].states[0].shape = [3]), 'groups["Conv"].params["c1/kernel"].states[0].shape'],
      ['bad counter in the first group', (d) => (d.groups.default.counters.t = -2), 'groups["default"].counters.t'],
      ['wrong type of a group', (d) => (d.groups.Conv.optimizer.type = 'Adam'), 'groups["Conv"].optimizer.type'],
      ['wrong type', (d) => (d.optimizer.type = 'Adam'), 'optimizer.type'],
    ];
    for (const [what, corrupt, field] of cases) {
      const document = structuredClone(saved);
      corrupt(document);
      expect(() => multi.setState(document, layers), what).toThrow(StateError);
      try {
        multi.setState(document, layers);
      } catch (error) {
        expect((error as StateError).field, what).toBe(field);
      }
      expect(adam.t).toBe(3);
      expect(bits(layers)).toEqual(before);
    }
    // maxBytes covers all groups together: 3 + 2 floats x 2 states (Adam) + 2 floats (GDM).
    expect(() => multi.setState(saved, layers, { maxBytes: 4 * (5 * 2 + 2) - 1 })).toThrow(/maxBytes/);
    multi.setState(saved, layers, { maxBytes: 4 * (5 * 2 + 2) });
    expect(adam.t).toBe(2);
  });

  it('getState(layerList) covers the routed layers; optimizers with none get an empty group', () => {
    const { multi } = mapping();
    const [d1, c1] = model();
    const state = multi.getState([d1!]) as GroupedOptimizerState;
    expect(Object.keys((state.groups.default as ParamsOptimizerState).params)).toEqual(['d1/kernel']);
    expect((state.groups.Conv as ParamsOptimizerState).params).toEqual({});
    multi.setState(state, [d1!]);
    expect(() => multi.setState(state, [d1!, c1!])).toThrow(expect.objectContaining({ field: 'groups["Conv"].params["c1/kernel"]' }));
  });

  it('an optimizer without state support is a StateError naming its group, not a TypeError', () => {
    const legacy = { optimize() {}, specificationVersion: 'v1' } as unknown as Adam;
    const multi = new MultiOptimizer({ default: new Adam(), Legacy: legacy });
    expect(() => multi.getState()).toThrow(expect.objectContaining({ field: 'groups["Legacy"]' }));
    const state = { format: 'descent.optimizer-state', version: 1, optimizer: { type: 'MultiOptimizer' }, groups: { default: new Adam().getState(), Legacy: {} } };
    expect(() => multi.setState(state)).toThrow(expect.objectContaining({ field: 'groups["Legacy"]' }));
  });
});
