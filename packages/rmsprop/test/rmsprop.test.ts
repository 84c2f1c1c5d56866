import '@tensorflow/tfjs-backend-cpu';
import { ExpSchedule, type LearningRateSchedule, StepSchedule } from '@descent/core';
import { RMSProp } from '@descent/rmsprop';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxDifference, referenceTrajectory, runTrajectory } from '@descent/testing';
import { NEON_DEFAULTS, reference, type Seen } from './rmsprop-reference.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('RMSProp against a float64 reference of neon', () => {
  it('has neon defaults and matches over 20 steps with them', () => {
    const optimizer = new RMSProp();
    expect([optimizer.decayRate, optimizer.learningRate, optimizer.epsilon]).toEqual([0.95, 2e-3, 1e-6]);
    runTrajectory(optimizer, 1, reference(NEON_DEFAULTS), { seed: 1 });
  });

  it('matches with a large learning rate, so steps are not lost in the tolerance', () => {
    const settings = { decayRate: 0.9, learningRate: 0.1, epsilon: 1e-6 };
    runTrajectory(new RMSProp(settings), 1, reference(settings), { seed: 2 });
  });

  it('adds epsilon twice, as neon does', () => {
    const settings = { decayRate: 0.9, learningRate: 0.1, epsilon: 0.25 };
    const { actual } = runTrajectory(new RMSProp(settings), 1, reference(settings), { seed: 3 });
    // Negative control: the textbook form (epsilon once) lands far outside the tolerance.
    const once = referenceTrajectory(1, reference({ ...settings, singleEpsilon: true }), { seed: 3 });
    expect(maxDifference(actual.params, once.params)).toBeGreaterThan(1e-2);
  });

  it('scales only the step by the norm-clip factor sf', () => {
    const settings = { decayRate: 0.9, learningRate: 0.05, epsilon: 1e-6, gradientClipNorm: 1 };
    const seen: Seen = { minScale: 1, valueClipped: 0, paramClipped: 0 };
    runTrajectory(new RMSProp(settings), 1, reference(settings, seen), { seed: 4 });
    expect(seen.minScale).toBeLessThan(0.5);
  });

  it('clips gradient values by magnitude after batch division', () => {
    const settings = { decayRate: 0.9, learningRate: 0.05, epsilon: 1e-6, gradientClipValue: -0.5 };
    const seen: Seen = { minScale: 1, valueClipped: 0, paramClipped: 0 };
    runTrajectory(new RMSProp(settings), 1, reference(settings, seen), { seed: 5, batchSize: 4 });
    expect(seen.valueClipped).toBeGreaterThan(100);
  });

  it('clips parameters after the update', () => {
    const settings = { decayRate: 0.9, learningRate: 0.05, epsilon: 1e-6, paramClipValue: 0.6 };
    const seen: Seen = { minScale: 1, valueClipped: 0, paramClipped: 0 };
    runTrajectory(new RMSProp(settings), 1, reference(settings, seen), { seed: 6 });
    expect(seen.paramClipped).toBeGreaterThan(50);
  });

  it('divides gradients by the backend batch size', () => {
    const settings = { decayRate: 0.95, learningRate: 0.01, epsilon: 1e-6, gradientClipNorm: 1.5 };
    runTrajectory(new RMSProp(settings), 1, reference(settings), { seed: 7, batchSize: 4 });
  });

  it('follows a schedule whose rate changes across epochs', () => {
    const base = { decayRate: 0.9, learningRate: 0.05, epsilon: 1e-6 };
    const exp = { ...base, rate: (lr: number, epoch: number) => lr / (1 + 0.5 * epoch) };
    runTrajectory(new RMSProp({ ...base, schedule: new ExpSchedule({ decay: 0.5 }) }), 1, reference(exp), { seed: 8 });
    const step = { ...base, rate: (lr: number, epoch: number) => (epoch >= 3 ? 0 : epoch >= 1 ? 0.2 : lr) };
    const schedule = new StepSchedule({ stepConfig: [1, 3], change: [0.2, 0] });
    runTrajectory(new RMSProp({ ...base, schedule }), 1, reference(step), { seed: 9 });
  });

  it('accepts any object with getLearningRate as a schedule', () => {
    const base = { decayRate: 0.9, learningRate: 0.05, epsilon: 1e-6 };
    const schedule: LearningRateSchedule = { getLearningRate: (lr, epoch) => lr * (epoch % 2 === 0 ? 1 : 3) };
    const settings = { ...base, rate: (lr: number, epoch: number) => lr * (epoch % 2 === 0 ? 1 : 3) };
    runTrajectory(new RMSProp({ ...base, schedule }), 1, reference(settings), { seed: 10 });
  });

  it('matches for random hyperparameters, clips and batch sizes', () => {
    const limit = (max: number) => fc.option(fc.double({ min: 0.05, max, noNaN: true }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(),
          decayRate: fc.double({ min: 0, max: 0.999, noNaN: true }),
          learningRate: fc.double({ min: 0, max: 0.1, noNaN: true }),
          epsilon: fc.double({ min: 1e-8, max: 0.1, noNaN: true }),
          gradientClipNorm: limit(5),
          gradientClipValue: limit(1),
          paramClipValue: limit(1),
          batchSize: fc.constantFrom(1, 2, 4, 32),
        }),
        ({ seed, batchSize, ...settings }) => {
          runTrajectory(new RMSProp(settings), 1, reference(settings), { seed, batchSize, steps: 10 });
        },
      ),
      { numRuns: 15 },
    );
  });
});
