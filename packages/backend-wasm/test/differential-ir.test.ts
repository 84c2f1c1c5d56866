import type { WasmBackend } from '@descent/backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwiseAgreement, wasmBackend } from './helpers.js';
import { bindingData, buildProgram, dagSpec, f32Value, SHAPES } from './random-programs.js';

/**
 * Random expression DAGs over every op, random scalars, random shapes (0-d, empty, 1, 3, 4, 5,
 * 7, 8, 1023 elements, several bindings per call) against core's evaluator on tfjs-cpu.
 *
 * Elementwise float32 ops are correctly rounded in both (tfjs-cpu computes each op in double
 * and rounds once, which equals the float32 op for + - * / sqrt), so agreement is bit for bit,
 * not just within 1e-6. Reductions are made exact by drawing values k/8 with |k| <= 16, whose
 * squares and sums are exactly representable; the inexact case is tested in reductions.test.ts.
 */
const call = (withReductions: boolean) =>
  fc.record({
    spec: dagSpec(withReductions),
    shapes: fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 6 }),
    scalars: fc.array(f32Value, { minLength: 4, maxLength: 4 }),
    seed: fc.nat(),
  });

describe.each([
  ['simd', true],
  ['scalar', false],
] as const)('random programs agree bitwise with the evaluator (%s kernels)', (_, simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
    expect(backend.simd).toBe(simd);
  });

  it('without reductions, on values including NaN, ±Infinity, ±0, tiny and huge', async () => {
    await fc.assert(
      fc.asyncProperty(call(false), async ({ spec, shapes, scalars, seed }) => {
        const program = buildProgram(spec);
        const data = bindingData(program, shapes, seed, 'mixed');
        const values = Float32Array.from(scalars.slice(0, program.scalars.length));
        await expectBitwiseAgreement(backend, program, data, values);
      }),
      { numRuns: 120 },
    );
  });

  it('with sums of squares over every binding of the call', async () => {
    await fc.assert(
      fc.asyncProperty(call(true), async ({ spec, shapes, scalars, seed }) => {
        const program = buildProgram(spec);
        const data = bindingData(program, shapes, seed, 'exact-squares');
        const values = Float32Array.from(scalars.slice(0, program.scalars.length));
        await expectBitwiseAgreement(backend, program, data, values);
      }),
      { numRuns: 80 },
    );
  });
});
