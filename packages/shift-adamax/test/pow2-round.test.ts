import '@tensorflow/tfjs-backend-cpu';
import { ShiftAdaMax, type ShiftAdaMaxOptions } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const f32 = Math.fround;

/** One ShiftAdaMax step at epoch 0 from zero states, on params `start` with gradients `grads`. */
function oneStep(options: ShiftAdaMaxOptions, start: readonly number[], grads: readonly number[]): number[] {
  const param = tf.variable(tf.tensor1d([...start]));
  const grad = tf.tensor1d([...grads]);
  const states: tf.Variable[] = [];
  const optimizer = new ShiftAdaMax(options);
  optimizer.optimize([{ name: 'w', getParams: () => [{ param, grad, states }] }], 0);
  const values = Array.from(param.dataSync());
  optimizer.dispose();
  param.dispose();
  grad.dispose();
  return values;
}

/**
 * With epsilon 0, beta1 1/2 and a learning rate of 2^-10, one step from zero states has
 * m = g/2, inv = 1/|g| and l = 2^-10/(1 - 1/2) = 2^-9, a power of two. Every factor of the step
 * is then a power of two or g/2, so the step is exact and the test can compare with `toBe`.
 */
const EXACT: ShiftAdaMaxOptions = { learningRate: 2 ** -10, beta1: 0.5, epsilon: 0 };

describe('ShiftAdaMax AP2 (power-of-two rounding)', () => {
  it.each([-20, -6, -1, 0, 3, 12])('rounds inv just below sqrt(2)*2^%i down, just above it up', (k) => {
    const boundary = Math.SQRT2 * 2 ** k;
    // A relative 1e-6 is ~8 float32 ulps: the float32 inv is on the intended side.
    const below = f32(1 / (boundary * (1 - 1e-6)));
    const above = f32(1 / (boundary * (1 + 1e-6)));
    expect(f32(1 / below) < boundary && f32(1 / above) > boundary).toBe(true);
    const grads = [below, -below, above, -above];
    const expected = [-(below / 2) * 2 ** k, below / 2 * 2 ** k, -(above / 2) * 2 ** (k + 1), above / 2 * 2 ** (k + 1)];
    expect(oneStep(EXACT, [0, 0, 0, 0], grads)).toEqual(expected.map((x) => x * 2 ** -9));
  });

  it.each([-8, -3])('rounds the step size l just below sqrt(2)*2^%i down, just above it up', (k) => {
    // beta1 0 makes l the learning rate and m = g; g = 1/2 gives inv = 2, so p = -AP2(l).
    const boundary = Math.SQRT2 * 2 ** k;
    const step = (learningRate: number) => oneStep({ learningRate, beta1: 0, epsilon: 0 }, [0], [0.5])[0];
    expect(step(boundary * (1 - 1e-6))).toBe(-(2 ** k));
    expect(step(boundary * (1 + 1e-6))).toBe(-(2 ** (k + 1)));
  });

  it("floors magnitudes at e^-50, neon's safelog, so a tiny inv rounds to 2^-72", () => {
    // g = 1e30: inv = 1e-30 would give 2^-100 without the floor. l = 2^-30 (above the floor
    // itself) keeps p inside [-1, 1].
    const g = f32(1e30);
    const [p] = oneStep({ learningRate: 2 ** -31, beta1: 0.5, epsilon: 0 }, [0], [g]);
    expect(p).toBe(-(g / 2) * 2 ** -72 * 2 ** -30);
  });

  it('maps 0 to 0 (sign(0) = 0): a learning rate of 0 leaves even zero parameters at exactly 0', () => {
    const values = oneStep({ learningRate: 0 }, [0, 0, 0.5, -0.25], [0.3, -2, 1e-3, 7]);
    expect(values).toEqual([0, 0, 0.5, -0.25]);
  });
});

describe('ShiftAdaMax parameter clip', () => {
  it('clips every parameter to [-1, 1] after the step, whatever it started at', () => {
    // Tiny steps on params outside the range, and a large step pushing a param past 1.
    const values = oneStep({ learningRate: 2 ** -20 }, [3, -5, 1, 0.999], [1e-3, 1e-3, 0, -1]);
    expect(values.slice(0, 3)).toEqual([1, -1, 1]);
    const pushed = oneStep({ learningRate: 0.5, beta1: 0 }, [0.999, -0.999], [-1, 1]);
    expect(pushed).toEqual([1, -1]);
  });
});
