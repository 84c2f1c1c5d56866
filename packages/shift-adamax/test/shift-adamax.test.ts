import '@tensorflow/tfjs-backend-cpu';
import { ShiftSchedule, StepSchedule } from '@descent/core';
import { ShiftAdaMax } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxDifference, referenceTrajectory, type ReferenceStep, runTrajectory } from '@descent/testing';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

interface Settings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The learning rate of `epoch`, written independently of core's schedules. */
  readonly rate?: (learningRate: number, epoch: number) => number;
  /** Only for the negative control: the bias-correction step count of call `call` (1-based). */
  readonly stepCount?: (call: number, epoch: number) => number;
}

const f32 = Math.fround;

/** Round to nearest, ties to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** neon's AP2 from NEON_SEMANTICS.md: `sign(x) * 2^round(log2(max(|x|, e^-50)))`. */
function ap2(x: number): number {
  return Math.sign(x) * 2 ** roundHalfEven(Math.log2(Math.max(Math.abs(x), Math.exp(-50))));
}

/**
 * neon's ShiftAdaMax from NEON_SEMANTICS.md, float64 except for the inputs of AP2. AP2 is a
 * step function: a float64 `inv` or `l` a few ulps from a float32 one can sit on the other
 * side of a rounding boundary and double a step. So `u`, `inv` and `l` are rounded to
 * float32 exactly where float32 arithmetic rounds them (each op is one IEEE rounding); `m`
 * and `p`, which are continuous, stay float64 and are compared with the usual tolerance.
 */
function reference(settings: Settings, seen = { paramClipped: 0 }): ReferenceStep {
  const { beta1: b1, beta2: b2, epsilon: eps } = settings;
  let calls = 0;
  return (model, grads, epoch, bsz) => {
    calls += 1;
    const t = settings.stepCount ? settings.stepCount(calls, epoch) : epoch + 1;
    const lr = settings.rate ? settings.rate(settings.learningRate, epoch) : settings.learningRate;
    const l = f32(lr / (1 - b1 ** t));
    grads.forEach((row, i) =>
      row.forEach((raw, j) => {
        const [m, u, inv] = model.states[i]! as [number[], number[], number[]];
        const g = f32(raw / bsz);
        m[j] = b1 * m[j]! + (1 - b1) * g;
        u[j] = Math.max(f32(f32(b2) * u[j]!), Math.abs(g));
        inv[j] = f32(1 / f32(u[j]! + f32(eps)));
        const p = model.params[i]![j]! - m[j]! * ap2(inv[j]!) * ap2(l);
        if (Math.abs(p) > 1) seen.paramClipped++;
        model.params[i]![j] = Math.min(Math.max(p, -1), 1);
      }),
    );
  };
}

const NEON_DEFAULTS: Settings = { learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

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
