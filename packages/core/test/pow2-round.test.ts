import '@tensorflow/tfjs-backend-cpu';
import { compileProgram, evaluateProgramOps, Expr, POW2_ROUND_FLOOR, pow2Round } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** pow2Round(x) through the tfjs-ops evaluator, the reference every backend is tested against. */
function evaluate(values: readonly number[]): number[] {
  const program = compileProgram({
    name: 'ap2',
    tensors: ['x', 'y'],
    readOnly: ['x'],
    scalars: [],
    outputs: { y: Expr.of({ kind: 'tensor', name: 'x' }).pow2Round() },
  });
  return tf.tidy(() => {
    const results = evaluateProgramOps(program, [[tf.tensor1d([...values]), tf.zeros([values.length])]], new Float32Array());
    return Array.from(results[0]![0]!.dataSync());
  });
}

// `+ 0` turns -0 into 0: tfjs's sign kernel gives 0 for -0, and the sign of a zero step is moot.
const plain = (values: readonly number[]) => values.map((x) => x + 0);

describe('pow2Round in the tfjs-ops evaluator', () => {
  it('maps 0 to 0 and agrees with the host pow2Round at the edges', () => {
    const edges = [0, -0, 1e-46, POW2_ROUND_FLOOR / 4, -1e-30, 1, -3, 0.7, Math.SQRT2 * (1 - 1e-6), Math.SQRT2 * (1 + 1e-6)];
    // Written from neon's formula: sgn(x) is 0 for 0 (and for values that are 0 in float32).
    const expected = [0, 0, 0, 2 ** -72, -(2 ** -72), 1, -4, 0.5, 1, 2];
    expect(plain(edges.map(pow2Round))).toEqual(expected);
    expect(plain(evaluate(edges))).toEqual(expected);
  });

  it('agrees with the host pow2Round on any float32', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 64 }), (values) => {
        expect(plain(evaluate(values))).toEqual(plain(values.map(pow2Round)));
      }),
      { numRuns: 200 },
    );
  });
});
