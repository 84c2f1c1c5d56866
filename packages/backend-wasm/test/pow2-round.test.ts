import type { WasmBackend } from '@descent/backend-wasm';
import { compileProgram, Expr, POW2_ROUND_FLOOR, pow2Round } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwise, rng, runOn, wasmBackend } from './helpers.js';

const f32FromBits = (bits: number): number => new Float32Array(new Int32Array([bits]).buffer)[0]!;
const bitsOf = (x: number): number => new Int32Array(new Float32Array([x]).buffer)[0]!;

/** Inputs around every place the bit trick could go wrong. */
function inputs(): Float32Array {
  const values: number[] = [0, -0, Number.NaN, -Number.NaN, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38];
  values.push(f32FromBits(1), f32FromBits(0x007fffff), f32FromBits(0x00800000)); // subnormals, smallest normal
  const floorBits = bitsOf(POW2_ROUND_FLOOR);
  for (let d = -3; d <= 3; d++) values.push(f32FromBits(floorBits + d), -f32FromBits(floorBits + d));
  // The rounding threshold 0x3504f4 (sqrt 2) and its neighbours, at every exponent.
  for (let e = 1; e < 255; e++) {
    for (const m of [0, 1, 0x3504f2, 0x3504f3, 0x3504f4, 0x3504f5, 0x7ffffe, 0x7fffff]) {
      const x = f32FromBits((e << 23) | m);
      values.push(x, -x);
    }
  }
  // Random bit patterns, including NaNs with payloads and sign bits.
  const random = rng(2024);
  for (let i = 0; i < 50_000; i++) values.push(f32FromBits((random() * 2 ** 32) | 0));
  return Float32Array.from(values);
}

describe.each([true, false])('pow2Round (neon AP2) matches core bit for bit (simd %s)', (simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
  });

  it('over thresholds, extremes, NaN and 50k random bit patterns', () => {
    const grad = Expr.of({ kind: 'tensor', name: 'grad' });
    const program = compileProgram({
      name: 'ap2',
      tensors: ['param', 'grad'],
      readOnly: ['grad'],
      scalars: [],
      outputs: { param: grad.pow2Round() },
    });
    const x = inputs();
    const actual = runOn(backend, program, [{ shape: [x.length], values: [new Float32Array(x.length), x] }], new Float32Array(0))[0]![0]!;
    const expected = x.map((v) => pow2Round(v));
    expectBitwise(actual, expected, 'pow2Round');
    // And it is a signed power of two (or ±Infinity / NaN) wherever the input is not NaN.
    const notPowers = Array.from(actual).filter((v, i) => !Number.isNaN(x[i]!) && (bitsOf(v) & 0x007fffff) !== 0);
    expect(notPowers).toEqual([]);
  });
});
