import '@tensorflow/tfjs-backend-cpu';
import { type Backend, BackendError, createOpsBackend, getBackend, SPECIFICATION_VERSION, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { expectAtomicFault, faultsFor, TestModel } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  setBackend(createOpsBackend());
});

// The fault model has a layer "first" (entry 0) and a container holding "nested" (entries 1-4):
// two groups, so a fault in either group must leave both untouched.
const make = () =>
  new MultiOptimizer({
    default: new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 }),
    nested: new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.5, nesterov: true, gradientClipNorm: 1 }),
  });

describe('MultiOptimizer on core\'s ops evaluator: a fault in any group leaves every group bit-identical', () => {
  for (const fault of faultsFor(1, false)) {
    for (const k of [0, 4]) {
      it(`${fault.name}, entry ${k} of 5 (group ${k === 0 ? 1 : 2} of 2)`, async () => {
        await expectAtomicFault({ make, fault, k });
      });
    }
  }
});

describe('MultiOptimizer when the backend itself fails in the second group', () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  it('is documented as not atomic across groups: the first group is applied, the second is not (and creates no states)', () => {
    let calls = 0;
    const failSecond: Backend = {
      specificationVersion: SPECIFICATION_VERSION,
      name: 'fails-second',
      batchSize: 1,
      runUpdate(request) {
        if (++calls === 2) throw new Error('device lost');
        original.runUpdate(request);
      },
    };
    const model = new TestModel([[2], [3]], [[1, 1], [1, 1, 1]]);
    model.setGrads([[1, 1], [1, 1, 1]]);
    const multi = make();
    try {
      setBackend(failSecond);
      expect(() => multi.optimize(model.layers, 0)).toThrow(BackendError);
      expect(model.paramValues()[0]).not.toEqual([1, 1]);
      expect(model.paramValues()[1]).toEqual([1, 1, 1]);
      expect(model.states[1]).toHaveLength(0);
    } finally {
      multi.dispose();
      model.dispose();
    }
  });
});
