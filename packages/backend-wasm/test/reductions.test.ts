import type { WasmBackend } from '@descent/backend-wasm';
import { compileProgram, Expr } from '@descent/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BindingData, expectClose, reference, rng, runOn, wasmBackend } from './helpers.js';

/** `param <- sumOfSquares(grad)` (a uniform output, written to every element) and a clip scale. */
const program = compileProgram({
  name: 'norms',
  tensors: ['param', 'grad', 'scale'],
  readOnly: ['grad'],
  scalars: ['limit'],
  outputs: {
    param: Expr.of({ kind: 'sumOfSquares', name: 'grad' }),
    scale: Expr.of({ kind: 'scalar', name: 'limit' }).div(
      Expr.of({ kind: 'sumOfSquares', name: 'grad' }).sqrt().max(Expr.of({ kind: 'scalar', name: 'limit' })),
    ),
  },
});

/** Many bindings of awkward sizes holding values over eight orders of magnitude. */
function data(seed: number): BindingData[] {
  const random = rng(seed);
  return [0, 1, 3, 5, 4097, 20_000, 33, 100_003].map((n) => ({
    shape: [n],
    values: [0, 1, 2].map(() => Float32Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 8 - 4))),
  }));
}

describe.each([true, false])('sum-of-squares reductions over every binding of a call (simd %s)', (simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
  });

  it('are the float32 rounding of the exact sum (float64 accumulation)', () => {
    for (const seed of [1, 2, 3]) {
      const d = data(seed);
      let exact = 0;
      for (const b of d) for (const v of b.values[1]!) exact += v * v; // exact squares, ~1e-16 relative sum error
      const out = runOn(backend, program, d, Float32Array.of(1));
      const mine = out[4]![0]![0]!;
      // Within half a float32 ulp of the exact value; a float32 accumulator is ~1e-5 off here.
      expect(Math.abs(mine - exact)).toBeLessThanOrEqual(2 ** -24 * exact * (1 + 1e-9));
      expect(out.every((b) => b[0]!.every((v) => v === mine))).toBe(true);
    }
  });

  it('agree with the evaluator on tfjs-cpu within 1e-6 relative', async () => {
    const d = data(7);
    const scalars = Float32Array.of(0.5);
    const expected = await reference(program, d, scalars);
    const actual = runOn(backend, program, d, scalars);
    // The sum's terms are all >= 0, so there is no cancellation: no absolute floor needed.
    expected.forEach((slots, b) => {
      expectClose(actual[b]![0]!, slots[0]!, `binding ${b} sum`, 1e-6, 0);
      expectClose(actual[b]![2]!, slots[2]!, `binding ${b} scale`, 1e-6, 0);
    });
  });
});
