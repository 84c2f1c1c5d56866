import type { CudaBackend } from '@descent/backend-cuda';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { expectBitwiseAgreement } from './helpers.js';
import { bindingData, buildProgram, dagSpec, f32Value, SHAPES, uniformChain } from './random-programs.js';
import { standInBackend } from './stand-in.js';

/**
 * Random expression DAGs over every op (sums of squares included), random per-step scalars
 * (NaN, ±Infinity, ±0, 1 and -1 among them, so the skipped identities x*1, x/1, x-0, x+(-0)
 * are hit), several bindings of assorted shapes per call, against core's evaluator.
 *
 * Bit for bit, not within a tolerance: on the stand-in both sides run tfjs-backend-cpu's
 * kernels; the backend's device ops are core's ops (same order, sums of squares included),
 * and its host-side uniform values use float32 arithmetic with the kernels' semantics
 * (each + - * / sqrt in double then rounded once, which equals the float32 op; Math.max/min;
 * tfjs' Sign; core's pow2Round). A difference here is a bug, not rounding.
 */
let backend: CudaBackend;
beforeAll(async () => {
  backend = await standInBackend();
});

it('random programs agree bitwise with core evaluateProgramOps', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        spec: dagSpec(),
        shapes: fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 5 }),
        scalars: fc.array(f32Value, { minLength: 4, maxLength: 4 }),
        seed: fc.nat(),
      }),
      async ({ spec, shapes, scalars, seed }) => {
        const program = buildProgram(spec);
        const data = bindingData(program, shapes, seed);
        const values = Float32Array.from(scalars.slice(0, program.scalars.length));
        await expectBitwiseAgreement(backend, program, data, values);
      },
    ),
    { numRuns: 250 },
  );
  expect(backend.stats.updates).toBeGreaterThan(0);
});

it('chains of ops over scalars and constants (computed on the host) round like the evaluator\'s device ops', async () => {
  await fc.assert(
    fc.asyncProperty(uniformChain(), fc.nat(), async ({ program, scalars }, seed) => {
      const data = bindingData(program, [[4], []], seed);
      const values = Float32Array.from(scalars);
      await expectBitwiseAgreement(backend, program, data, values);
    }),
    { numRuns: 200 },
  );
});
