import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@descent/adam';
import { type Backend, BackendError, createOpsBackend, getBackend, SPECIFICATION_VERSION, setBackend } from '@descent/core';
import { expectAtomicFault, faultsFor, TestModel } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  setBackend(createOpsBackend());
});

describe('Adam on core\'s ops evaluator: a fault at entry k of n leaves all n params and states bit-identical', () => {
  for (const fault of faultsFor(2, false)) {
    for (const k of [0, 2, 4]) {
      it(`${fault.name}, entry ${k} of 5`, async () => {
        let adam: Adam | undefined;
        await expectAtomicFault({ make: () => (adam = new Adam({ gradientClipNorm: 1 })), fault, k, counters: () => adam!.t });
      });
    }
    if (!fault.minStates) {
      it(`${fault.name}, first call (no states yet): none are created`, async () => {
        let adam: Adam | undefined;
        await expectAtomicFault({ make: () => (adam = new Adam()), fault, k: 3, warm: false, counters: () => adam!.t });
      });
    }
  }
});

describe('a backend that throws mid-call', () => {
  const original = getBackend();
  afterEach(() => setBackend(original));

  function throwingBackend(error: unknown): Backend {
    return { specificationVersion: SPECIFICATION_VERSION, name: 'throwing', batchSize: 1, runUpdate: () => { throw error; } };
  }

  for (const [what, thrown] of [['a plain Error', new Error('device lost')], ['a BackendError', new BackendError('out of memory')], ['a string', 'oops']] as const) {
    it(`${what}: the error is typed, Adam's t is unchanged, and the states it would have created are gone`, async () => {
      const model = new TestModel([[3], [2]], [[1, 2, 3], [4, 5]]);
      model.setGrads([[0.1, 0.2, 0.3], [0.4, 0.5]]);
      const adam = new Adam();
      try {
        const before = tf.memory().numTensors;
        setBackend(throwingBackend(thrown));
        let error: unknown;
        try {
          adam.optimize(model.layers, 0);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(BackendError);
        if (thrown instanceof BackendError) expect(error).toBe(thrown);
        else {
          expect((error as Error).message).toMatch(/backend "throwing" failed to run the update/);
          expect((error as Error).cause).toBe(thrown);
        }
        expect(adam.t).toBe(0);
        expect(model.states.flat()).toHaveLength(0);
        expect(tf.memory().numTensors).toBe(before);
        expect(model.paramValues()).toEqual([[1, 2, 3], [4, 5]]);
        // The same optimizer steps normally once the backend works.
        setBackend(original);
        adam.optimize(model.layers, 0);
        expect(adam.t).toBe(1);
      } finally {
        adam.dispose();
        model.dispose();
      }
    });
  }
});
