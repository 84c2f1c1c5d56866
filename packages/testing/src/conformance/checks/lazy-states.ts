import type { Optimizer } from '@descent/core';
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { TestModel } from '../../test-model.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceCase, type ConformanceConfig, resolveConfig } from '../config.js';
import { caseInputs } from './agreement.js';

function isVariable(value: unknown): value is tf.Variable {
  return typeof value === 'object' && value !== null && typeof (value as tf.Variable).assign === 'function';
}

/**
 * Checks neon's lazy states: no state exists before the first `optimize()` (nor after
 * `validate()`); the first call fills every param's list with `stateCount` live float32
 * Variables shaped like the param, all distinct; later calls keep the very same Variables;
 * and a second optimizer of the same kind reuses the states already in the layers (they
 * belong to the layer, as in neon).
 */
export async function checkLazyStates<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, kase?: ConformanceCase<O>): Promise<void> {
  const resolved = resolveConfig(config);
  const c = kase ?? resolved.cases[0]!;
  await activateBackend(backend);
  const stateCount = resolved.stateCount(c.options);
  const inputs = caseInputs(config, c);
  const model = new TestModel(inputs.shapes, inputs.initial);
  const optimizers: Optimizer[] = [];
  const where = `${resolved.name} on ${backend.name} (${c.name})`;
  const step = (optimizer: Optimizer, k: number): void => {
    model.setGrads(inputs.steps[k]!.grads);
    optimizer.optimize(model.layers, inputs.steps[k]!.epoch);
  };
  try {
    const first = resolved.create(c.options);
    optimizers.push(first);
    expect(model.states.every((list) => list.length === 0), `${where}: state lists start empty`).toBe(true);
    if (typeof first.validate === 'function') {
      model.setGrads(inputs.steps[0]!.grads);
      first.validate(model.layers, 0);
      expect(model.states.every((list) => list.length === 0), `${where}: validate() must not create states`).toBe(true);
    }
    step(first, 0);
    const seen = new Set<unknown>([...model.params, ...model.grads]);
    model.states.forEach((list, i) => {
      const label = `${where}, tensor ${i}`;
      expect(list.length, `${label}: states created by the first optimize()`).toBe(stateCount);
      list.forEach((state, k) => {
        expect(isVariable(state), `${label}, state ${k}: a tf.Variable`).toBe(true);
        expect(state.isDisposed, `${label}, state ${k}: live`).toBe(false);
        expect(state.dtype, `${label}, state ${k}: dtype`).toBe('float32');
        expect(state.shape, `${label}, state ${k}: shape (the param's)`).toEqual(model.params[i]!.shape);
        expect(seen.has(state), `${label}, state ${k}: its own Variable (not shared with another param, state or grad)`).toBe(false);
        seen.add(state);
      });
    });
    const created = model.states.map((list) => [...list]);
    const unchanged = (when: string): void =>
      model.states.forEach((list, i) => {
        expect(list.length, `${where}, tensor ${i}: state count ${when}`).toBe(stateCount);
        list.forEach((state, k) => expect(state === created[i]![k], `${where}, tensor ${i}, state ${k}: the same Variable ${when}`).toBe(true));
      });
    step(first, 1);
    unchanged('after the second optimize()');
    const second = resolved.create(c.options);
    optimizers.push(second);
    step(second, 2);
    unchanged('after a new optimizer stepped the same layers (states belong to the layer)');
  } finally {
    for (const optimizer of optimizers) optimizer.dispose();
    model.dispose();
  }
}
