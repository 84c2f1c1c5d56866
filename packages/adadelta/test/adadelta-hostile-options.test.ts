import '@tensorflow/tfjs-backend-cpu';
import { Adadelta } from '@descent/adadelta';
import { ExpSchedule, Schedule } from '@descent/core';
import { expectTypedRejection, fuzzOptions, TestModel } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

const KNOWN = ['decay', 'epsilon', 'paramClipValue', 'stochasticRound', 'skipNonFinite'];

/** Option values that are often valid: small numbers, booleans, schedules, "off" values. */
const plausible = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.boolean(),
  fc.constantFrom(null, 0, new Schedule(), new ExpSchedule({ decay: 0.5 }), { getLearningRate: () => -1 }),
);

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('Adadelta: hostile options', () => {
  it('every rejection is a typed error naming the option; an accepted optimizer steps or rejects the step typed', () => {
    const model = new TestModel([[3]], [[0.5, -0.25, 1]]);
    model.setGrads([[0.1, -0.2, 0.3]]);
    try {
      fuzzOptions((options) => new Adadelta(options as never), KNOWN, {
        plausible,
        accepted: (optimizer) => {
          expectTypedRejection(() => optimizer.optimize(model.layers, 3), ['schedule', 'epoch', 'learningRate']);
          optimizer.dispose();
        },
      });
    } finally {
      model.dispose();
    }
  });
});
