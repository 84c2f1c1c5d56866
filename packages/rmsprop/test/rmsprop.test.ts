import '@tensorflow/tfjs-backend-cpu';
import { ExpSchedule, type LearningRateSchedule, StepSchedule } from '@descent/core';
import { RMSProp } from '@descent/rmsprop';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxDifference, referenceTrajectory, type ReferenceStep, runTrajectory } from '@descent/testing';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

interface Settings {
  readonly decayRate: number;
  readonly learningRate: number;
  readonly epsilon: number;
  readonly gradientClipNorm?: number;
  readonly gradientClipValue?: number;
  readonly paramClipValue?: number;
  /** The learning rate of `epoch`, written independently of core's schedules. */
  readonly rate?: (learningRate: number, epoch: number) => number;
  /** Only for the negative control: neon's epsilon once instead of twice. */
  readonly singleEpsilon?: boolean;
}

/** What the reference saw, so a test can prove the feature it covers was exercised. */
interface Seen {
  minScale: number;
  valueClipped: number;
  paramClipped: number;
}

const clip = (x: number, limit: number): number => Math.min(Math.max(x, -limit), limit);

/** neon's RMSProp in float64, pipeline included, from NEON_SEMANTICS.md. */
function reference(settings: Settings, seen: Seen = { minScale: 1, valueClipped: 0, paramClipped: 0 }): ReferenceStep {
  const { decayRate: decay, epsilon: eps, gradientClipNorm: gcn, gradientClipValue: gcv, paramClipValue: pcv } = settings;
  return (model, grads, epoch, bsz) => {
    const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
    let sf = 1;
    if (gcn) {
      const norm = Math.sqrt(grads.flat().reduce((sum, x) => sum + x * x, 0)) / bsz;
      sf = gcn / Math.max(norm, gcn);
      seen.minScale = Math.min(seen.minScale, sf);
    }
    grads.forEach((row, i) =>
      row.forEach((raw, j) => {
        let g = raw / bsz;
        if (gcv && Math.abs(g) > Math.abs(gcv)) seen.valueClipped++;
        if (gcv) g = clip(g, Math.abs(gcv));
        const ms = decay * model.states[i]![0]![j]! + (1 - decay) * g * g;
        const denominator = settings.singleEpsilon ? Math.sqrt(ms + eps) : Math.sqrt(ms + eps) + eps;
        let p = model.params[i]![j]! - (sf * g * lr) / denominator;
        if (pcv && Math.abs(p) > Math.abs(pcv)) seen.paramClipped++;
        if (pcv) p = clip(p, Math.abs(pcv));
        model.states[i]![0]![j] = ms;
        model.params[i]![j] = p;
      }),
    );
  };
}

const NEON_DEFAULTS: Settings = { decayRate: 0.95, learningRate: 2e-3, epsilon: 1e-6 };

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
