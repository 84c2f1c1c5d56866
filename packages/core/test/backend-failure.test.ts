import { type Backend, BackendError, createOpsBackend, getBackend, SPECIFICATION_VERSION, setBackend, StateError } from '@descent/core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { TestLayer } from './helpers.js';
import { bits, Counting, setStepGrads, tf } from './state-support.js';

const original = getBackend();
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});
afterEach(() => setBackend(original));

const failing: Backend = {
  specificationVersion: SPECIFICATION_VERSION, name: 'failing', batchSize: 1,
  runUpdate: () => { throw new Error('device lost'); },
};

it('a backend failure in the call that installs a pending restored state: nothing written, the state stays pending, counters as they were', () => {
  const layers = [new TestLayer('pf', [[3], [2]], 3)];
  const source = new Counting();
  const target = new Counting();
  try {
    setBackend(createOpsBackend());
    setStepGrads(layers, 0);
    source.optimize(layers, 0);
    source.optimize(layers, 0);
    const state = JSON.parse(JSON.stringify(source.getState()));
    const before = bits(layers);
    target.setState(state); // pending until the next call
    setBackend(failing);
    expect(() => target.optimize(layers, 1)).toThrow(BackendError);
    expect(target.calls).toBe(0);
    expect(bits(layers)).toEqual(before);
    expect(() => target.getState()).toThrow(StateError); // still pending
    setBackend(createOpsBackend());
    target.optimize(layers, 1);
    expect(target.calls).toBe(3); // the restored 2, plus this step
  } finally {
    source.dispose();
    target.dispose();
    layers.forEach((l) => l.dispose());
  }
});
