import '@tensorflow/tfjs-backend-cpu';
import { Adadelta } from '@descent/adadelta';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, maxDifference, randomValues, referenceTrajectory, runTrajectory, seeded } from '@descent/testing';
import { reference } from './adadelta-reference.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('Adadelta against a float64 reference of neon', () => {
  it('has neon defaults and matches over 20 steps with them', () => {
    const optimizer = new Adadelta();
    expect([optimizer.decay, optimizer.epsilon]).toEqual([0.95, 1e-6]);
    runTrajectory(optimizer, 3, reference({ decay: 0.95, epsilon: 1e-6 }), { seed: 1 });
  });

  it('matches with a large epsilon, so steps are large', () => {
    const settings = { decay: 0.9, epsilon: 1e-2 };
    runTrajectory(new Adadelta(settings), 3, reference(settings), { seed: 2 });
  });

  it('uses the UPDATED E[g^2] for the step, not the stale one tfjs uses', () => {
    const settings = { decay: 0.9, epsilon: 1e-2 };
    const { actual } = runTrajectory(new Adadelta(settings), 3, reference(settings), { seed: 3 });
    const stale = referenceTrajectory(3, reference({ ...settings, staleAccumulator: true }), { seed: 3 });
    // The stale form is far outside the tolerance: on the first step it moves by all of g.
    expect(maxDifference(actual.params, stale.params)).toBeGreaterThan(0.1);
    expect(maxDifference(actual.states.map((s) => s[2]!), stale.states.map((s) => s[2]!))).toBeGreaterThan(0.1);
  });

  it("models tfjs's bug faithfully: tf.train.adadelta follows the stale reference, not ours", () => {
    const settings = { decay: 0.9, epsilon: 1e-2 };
    const next = seeded(11);
    const initial = randomValues(next, 7, 1);
    const stale = { params: [[...initial]], states: [[0, 0, 0].map(() => new Array<number>(7).fill(0))] };
    const updated = { params: [[...initial]], states: [[0, 0, 0].map(() => new Array<number>(7).fill(0))] };
    const weight = tf.variable(tf.tensor1d(initial));
    const tfjs = tf.train.adadelta(1, settings.decay, settings.epsilon);
    for (let step = 0; step < 10; step++) {
      const grads = [randomValues(next, 7, 1)];
      tf.tidy(() => tfjs.applyGradients([{ name: weight.name, tensor: tf.tensor1d(grads[0]!) }]));
      reference({ ...settings, staleAccumulator: true })(stale, grads, 0, 1);
      reference(settings)(updated, grads, 0, 1);
    }
    expectClose(weight.dataSync(), stale.params[0]!, 'tf.train.adadelta vs stale reference');
    expect(maxDifference([Array.from(weight.dataSync())], updated.params)).toBeGreaterThan(0.1);
    tfjs.dispose();
    weight.dispose();
  });

  it('takes the first step from zero states as sqrt(eps / ((1-decay)*g^2 + eps)) * g', () => {
    // One step written out by hand, independent of the trajectory reference.
    const [decay, eps, g] = [0.9, 1e-2, 0.5];
    const param = tf.variable(tf.scalar(1));
    const grad = tf.scalar(g);
    const states: tf.Variable[] = [];
    new Adadelta({ decay, epsilon: eps }).optimize([{ name: 'w', getParams: () => [{ param, grad, states }] }], 0);
    const dx = Math.sqrt(eps / ((1 - decay) * g * g + eps)) * g;
    expectClose(param.dataSync(), [1 - dx], 'param');
    expectClose(states[0]!.dataSync(), [(1 - decay) * g * g], 'E[g^2]');
    expectClose(states[1]!.dataSync(), [(1 - decay) * dx * dx], 'E[dx^2]');
    expectClose(states[2]!.dataSync(), [dx], 'dx');
    for (const t of [param, grad, ...states]) t.dispose();
  });

  it('clips parameters after the update', () => {
    const settings = { decay: 0.9, epsilon: 1e-2, paramClipValue: -0.6 };
    const seen = { paramClipped: 0 };
    runTrajectory(new Adadelta(settings), 3, reference(settings, seen), { seed: 4 });
    expect(seen.paramClipped).toBeGreaterThan(50);
  });

  it('divides gradients by the backend batch size', () => {
    const settings = { decay: 0.9, epsilon: 1e-2 };
    runTrajectory(new Adadelta(settings), 3, reference(settings), { seed: 5, batchSize: 4 });
  });

  it('matches for random hyperparameters, param clips and batch sizes', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(),
          decay: fc.double({ min: 0, max: 0.999, noNaN: true }),
          epsilon: fc.double({ min: 1e-8, max: 0.1, noNaN: true }),
          paramClipValue: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
          batchSize: fc.constantFrom(1, 2, 4, 32),
        }),
        ({ seed, batchSize, ...settings }) => {
          runTrajectory(new Adadelta(settings), 3, reference(settings), { seed, batchSize, steps: 10 });
        },
      ),
      { numRuns: 15 },
    );
  });
});
