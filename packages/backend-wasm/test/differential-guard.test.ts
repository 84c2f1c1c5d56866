import type { WasmBackend } from '@descent/backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGuardedProgram, guardedData, guardedSpec } from './guarded-programs.js';
import { expectBitwiseAgreement, wasmBackend } from './helpers.js';
import { f32Value, SHAPES } from './random-programs.js';

/**
 * Random programs with `select`, `allFinite` leaves and a guard (allFinite(grad) as
 * skipNonFinite builds it, or a scalar that may be NaN, ±0...) against core's evaluator on
 * tfjs-cpu: bit for bit, on values including NaN and ±Infinity; and the skip counter.
 */
const call = fc.record({
  spec: guardedSpec(),
  shapes: fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 5 }),
  scalars: fc.array(fc.oneof(f32Value, fc.constantFrom(0, -0, Number.NaN)), { minLength: 4, maxLength: 4 }),
  seed: fc.nat(),
  finiteGrads: fc.boolean(),
});

describe.each([
  ['simd', true],
  ['scalar', false],
] as const)('select, allFinite and guards agree bitwise with the evaluator (%s kernels)', (_, simd) => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend({ simd });
    expect(backend.simd).toBe(simd);
  });

  it('random guarded programs', async () => {
    await fc.assert(
      fc.asyncProperty(call, async ({ spec, shapes, scalars, seed, finiteGrads }) => {
        const program = buildGuardedProgram(spec);
        const data = guardedData(program, shapes, seed, finiteGrads);
        const values = Float32Array.from(scalars.slice(0, program.scalars.length));
        await expectBitwiseAgreement(backend, program, data, values);
      }),
      { numRuns: 150 },
    );
  });

  it('the skip counter counts exactly the calls whose guard is 0', async () => {
    await fc.assert(
      fc.asyncProperty(call, fc.integer({ min: 1, max: 4 }), async ({ spec, shapes, scalars, seed, finiteGrads }, calls) => {
        const program = buildGuardedProgram({ ...spec, guard: 'grad' });
        const data = guardedData(program, shapes, seed, finiteGrads);
        const values = Float32Array.from(scalars.slice(0, program.scalars.length));
        const grads = data.flatMap((d) => Array.from(d.values[1]!));
        const skipped = grads.every(Number.isFinite) ? 0 : 1;
        const counter = tf.variable(tf.scalar(5), false);
        const bindings = data.map((d) => d.values.map((v, k) => (k === 1 ? tf.tensor(v, [...d.shape]) : tf.variable(tf.tensor(v, [...d.shape])))));
        try {
          for (let i = 0; i < calls; i++) backend.runUpdate({ program, bindings, scalars: values, skipCounter: counter });
          expect(counter.dataSync()[0]).toBe(5 + calls * skipped);
        } finally {
          counter.dispose();
          bindings.flat().forEach((t) => t.dispose());
        }
      }),
      { numRuns: 60 },
    );
  });
});
