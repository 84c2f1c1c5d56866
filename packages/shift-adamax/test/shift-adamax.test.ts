import '@tensorflow/tfjs-backend-cpu';
import { ShiftSchedule, StepSchedule } from '@descent/core';
import { ShiftAdaMax } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxDifference, referenceTrajectory, runTrajectory } from '@descent/testing';
import { NEON_DEFAULTS, reference } from './shift-adamax-reference.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('ShiftAdaMax against a reference of neon', () => {
  it('has neon defaults and matches over 20 steps with them', () => {
    const optimizer = new ShiftAdaMax();
    expect([optimizer.learningRate, optimizer.beta1, optimizer.beta2, optimizer.epsilon]).toEqual([0.002, 0.9, 0.999, 1e-8]);
    runTrajectory(optimizer, 3, reference(NEON_DEFAULTS), { seed: 1 });
  });

  it('matches with a large learning rate', () => {
    const settings = { ...NEON_DEFAULTS, learningRate: 0.02, beta1: 0.5 };
    runTrajectory(new ShiftAdaMax(settings), 3, reference(settings), { seed: 2 });
  });

  it('bias-corrects with t = epoch + 1, not the number of calls', () => {
    const settings = { ...NEON_DEFAULTS, learningRate: 0.02 };
    const { actual } = runTrajectory(new ShiftAdaMax(settings), 3, reference(settings), { seed: 3, stepsPerEpoch: 5 });
    const perCall = referenceTrajectory(3, reference({ ...settings, stepCount: (call) => call }), { seed: 3 });
    expect(maxDifference(actual.params, perCall.params)).toBeGreaterThan(1e-2);
  });

  it('always clips parameters to [-1, 1]', () => {
    const settings = { ...NEON_DEFAULTS, learningRate: 0.02 };
    const seen = { paramClipped: 0 };
    const { actual } = runTrajectory(new ShiftAdaMax(settings), 3, reference(settings, seen), { seed: 4, paramScale: 3 });
    expect(seen.paramClipped).toBeGreaterThan(10);
    for (const value of actual.params.flat()) expect(Math.abs(value)).toBeLessThanOrEqual(1);
  });

  it('divides gradients by the backend batch size', () => {
    const settings = { ...NEON_DEFAULTS, learningRate: 0.02 };
    runTrajectory(new ShiftAdaMax(settings), 3, reference(settings), { seed: 5, batchSize: 4 });
  });

  it('follows a schedule whose rate changes across epochs', () => {
    const base = { ...NEON_DEFAULTS, learningRate: 0.02 };
    const shifted = { ...base, rate: (lr: number, epoch: number) => lr * 2 ** -Math.floor(epoch / 2) };
    const schedule = new ShiftSchedule({ interval: 2, shiftSize: 1 });
    runTrajectory(new ShiftAdaMax({ ...base, schedule }), 3, reference(shifted), { seed: 6 });
  });

  it('does not move parameters once the learning rate is 0 (neon: AP2(0) = sign(0)*... = 0)', () => {
    const base = { ...NEON_DEFAULTS, learningRate: 0.02 };
    const stopped = { ...base, rate: (lr: number, epoch: number) => (epoch >= 2 ? 0 : lr) };
    const schedule = new StepSchedule({ stepConfig: [2], change: [0] });
    // Same seed, so the first 10 calls (epochs 0 and 1) are the same in both runs.
    const run = (steps: number) =>
      runTrajectory(new ShiftAdaMax({ ...base, schedule }), 3, reference(stopped), { seed: 7, steps, stepsPerEpoch: 5 });
    const moving = run(10);
    const stoppedAfter = run(15);
    expect(moving.actual.params).toEqual(stoppedAfter.actual.params);
    expect(maxDifference(moving.actual.states.flat(), stoppedAfter.actual.states.flat())).toBeGreaterThan(0); // states still move
  });

  it('matches for random hyperparameters and batch sizes', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(),
          learningRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
          beta1: fc.double({ min: 0, max: 0.999, noNaN: true }),
          beta2: fc.double({ min: 0, max: 0.9999, noNaN: true }),
          epsilon: fc.double({ min: 0, max: 0.1, noNaN: true }),
          batchSize: fc.constantFrom(1, 2, 4, 32),
        }),
        ({ seed, batchSize, ...settings }) => {
          runTrajectory(new ShiftAdaMax(settings), 3, reference(settings), { seed, batchSize, steps: 10 });
        },
      ),
      { numRuns: 15 },
    );
  });
});
