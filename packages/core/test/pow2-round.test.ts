import '@tensorflow/tfjs-backend-cpu';
import { compileProgram, evaluateProgramOps, Expr, pow2Round } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** pow2Round(x) through the tfjs-ops evaluator, the reference every backend is tested against. */
function evaluate(values: number[]): number[] {
  const program = compileProgram({
    name: 'ap2',
    tensors: ['x', 'y'],
    readOnly: ['x'],
    scalars: [],
    outputs: { y: Expr.of({ kind: 'tensor', name: 'x' }).pow2Round() },
  });
  return tf.tidy(() => {
    const results = evaluateProgramOps(program, [[tf.tensor1d(values), tf.zeros([values.length])]], new Float32Array());
    return Array.from(results[0]![0]!.dataSync());
  });
}

describe('pow2Round (neon AP2: sgn(x) * 2^round(log2(max(|x|, e^-50))))', () => {
  const inputs = [0, -0, 1e-46, 1e-30, -1e-30, 1, -3, 0.7, Math.SQRT2 * (1 - 1e-6), Math.SQRT2 * (1 + 1e-6)];
  // Written from the formula: sgn(x) is 0 for 0 (and for values that are 0 in float32).
  const expected = [0, 0, 0, 2 ** -72, -(2 ** -72), 1, -4, 0.5, 1, 2];

  it('maps 0 to 0, as neon does through sgn(x), and floors other magnitudes at e^-50', () => {
    expect(inputs.map(pow2Round).map((x) => x + 0)).toEqual(expected);
  });

  it('gives the same values through the tfjs-ops evaluator', () => {
    expect(evaluate(inputs).map((x) => x + 0)).toEqual(expected);
  });
});
