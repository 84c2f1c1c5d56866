import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import type { CudaBackend } from '@descent/backend-cuda';
import { compileProgram, ElementwiseOptimizer, Expr, type Optimizer, setBackend } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { buildGuardedProgram, expectSkipNonFinite, guardedSpec } from '@descent/testing';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectBitwiseAgreement } from './helpers.js';
import { bindingData, f32Value, SHAPES } from './random-programs.js';
import { standInBackend } from './stand-in.js';

let backend: CudaBackend;
beforeAll(async () => {
  backend = await standInBackend();
  setBackend(backend);
});

/** A random program with `select` nodes, `allFinite` leaves and a guard (@descent/testing's backend kit). */
const guarded = guardedSpec().map(buildGuardedProgram);

it('random programs with select, allFinite and guards agree bitwise with core\'s evaluator', async () => {
  await fc.assert(
    fc.asyncProperty(
      guarded,
      fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 4 }),
      fc.array(fc.oneof(f32Value, fc.constantFrom(0, -0, Number.NaN)), { minLength: 4, maxLength: 4 }),
      fc.nat(),
      async (program, shapes, scalars, seed) => {
        const data = bindingData(program, shapes, seed);
        const values = Float32Array.from(scalars.slice(0, program.scalars.length));
        await expectBitwiseAgreement(backend, program, data, values);
      },
    ),
    { numRuns: 150 },
  );
});

it('the skip counter counts the calls whose guard is 0, on the device', () => {
  const program = compileProgram({
    name: 'count', tensors: ['param', 'grad'], readOnly: ['grad'], scalars: [],
    outputs: { param: Expr.of({ kind: 'tensor', name: 'param' }).add(Expr.of({ kind: 'tensor', name: 'grad' })) },
    guard: Expr.allFinite('grad'),
  });
  const param = tf.variable(tf.zeros([3]));
  const counter = tf.variable(tf.scalar(0), false);
  try {
    for (const [grad, skipped] of [[[1, 2, 3], 0], [[1, Number.NaN, 3], 1], [[Infinity, 0, 0], 2], [[1, 1, 1], 2]] as const) {
      const g = tf.tensor([...grad]);
      backend.runUpdate({ program, bindings: [[param, g]], scalars: new Float32Array(0), skipCounter: counter });
      g.dispose();
      expect(counter.dataSync()[0]).toBe(skipped);
    }
    expect(Array.from(param.dataSync())).toEqual([2, 3, 4]);
  } finally {
    tf.dispose([param, counter]);
  }
});

const OPTIMIZERS: [string, (skipNonFinite: boolean) => Optimizer][] = [
  ['GradientDescentMomentum', (skipNonFinite) => new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, skipNonFinite })],
  ['RMSProp', (skipNonFinite) => new RMSProp({ skipNonFinite, gradientClipNorm: 1 })],
  ['Adagrad', (skipNonFinite) => new Adagrad({ skipNonFinite })],
  ['Adadelta', (skipNonFinite) => new Adadelta({ skipNonFinite })],
  ['Adam', (skipNonFinite) => new Adam({ skipNonFinite })],
  ['ShiftAdaMax', (skipNonFinite) => new ShiftAdaMax({ skipNonFinite })],
];

describe('skipNonFinite on backend-cuda (tfjs stand-in)', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: a NaN writes nothing and is counted; finite steps are bit-identical to skipNonFinite off`, async () => {
      await expectSkipNonFinite({ make, skipped: (o) => (o as ElementwiseOptimizer).skippedSteps, k: 2, bad: Number.NaN });
    });
  }
});
