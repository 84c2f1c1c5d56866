import type { WasmBackend } from '@descent/backend-wasm';
import { compileProgram, Expr } from '@descent/core';
import { beforeAll, describe, it } from 'vitest';
import { expectBitwise, reference, runOn, wasmBackend } from './helpers.js';
import { bindingData } from './random-programs.js';

/**
 * Division by a per-call value (`grad / batchSize`) runs as a multiplication by its reciprocal
 * when that is exact (a power-of-two divisor), and as nothing when every divisor is 1 (divisor
 * and other both 1 below). Results must stay bit-identical to dividing, for every divisor:
 * powers of two at both ends of the exponent range, and everything that is not one.
 */
const t = (name: string) => Expr.of({ kind: 'tensor', name });
const s = (name: string) => Expr.of({ kind: 'scalar', name });
const program = compileProgram({
  name: 'divisions',
  tensors: ['param', 'grad', 'm'],
  readOnly: ['grad'],
  scalars: ['a', 'b'],
  outputs: {
    param: t('grad').div(s('a')).add(t('param').div(s('a').mul(s('b')))),
    m: t('m').div(s('b')).sub(s('a').div(t('grad'))),
  },
});

const f32FromBits = (bits: number): number => new Float32Array(new Int32Array([bits]).buffer)[0]!;
const DIVISORS = [
  1, 2, 32, 64, 0.5, -4, 2 ** -126, 2 ** 127, -(2 ** 127), 2 ** -125, 0, -0, Infinity, -Infinity, // exact reciprocals
  3, 48, 0.1, -7, f32FromBits(1), f32FromBits(0x00400000), f32FromBits(0x007fffff), Number.NaN, 3.4028234663852886e38,
];

describe.each([true, false])('division by per-call values (simd %s)', (simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
  });

  it.each(DIVISORS)('is bit-identical to the evaluator with divisor %s', async (divisor) => {
    for (const other of [1, 2 ** -126, 3]) {
      const data = bindingData(program, [[1023], [5], []], 3, 'mixed');
      const scalars = Float32Array.of(divisor, other);
      const expected = await reference(program, data, scalars);
      const actual = runOn(backend, program, data, scalars);
      expected.forEach((slots, b) => slots.forEach((e, k) => expectBitwise(actual[b]![k]!, e, `b=${other} binding ${b} slot ${k}`)));
    }
  });
});
