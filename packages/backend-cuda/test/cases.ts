/**
 * The algorithm cases shared by the stand-in suite (algorithms.test.ts, bit for bit) and the
 * real-GPU suite (gpu.test.ts, within a tolerance): every update rule of the six optimizer
 * packages, fused with every combination of neon's pipeline stages, run for a few steps from
 * the same start as core's evaluator.
 */
import type { CudaBackend } from '@descent/backend-cuda';
import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { type ElementwiseOptimizer, fusePipeline, PIPELINE_SCALARS, type PipelineFlags, type UpdateProgram, type UpdateRule } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import * as tf from '@tensorflow/tfjs-core';
import { type BindingData, reference, rng, sizeOf } from './helpers.js';

/** Every update rule of the real optimizer packages (an optimizer exposes its rule). */
export const RULES: readonly UpdateRule[] = (
  [
    new GradientDescentMomentum({ learningRate: 0.1 }),
    new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 }),
    new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, nesterov: true }),
    new RMSProp(),
    new Adagrad(),
    new Adadelta(),
    new Adam(),
    new ShiftAdaMax(),
  ] as ElementwiseOptimizer[]
).map((optimizer) => optimizer.rule);

/** All eight combinations of the pipeline's optional stages. */
export const FLAGS: readonly PipelineFlags[] = [false, true].flatMap((gradientClipNorm) =>
  [false, true].flatMap((gradientClipValue) => [false, true].map((paramClipValue) => ({ gradientClipNorm, gradientClipValue, paramClipValue }))),
);

/** Plausible per-step values by scalar name (the pipeline's limits small enough to bite). */
const VALUES: Record<string, number> = {
  learningRate: 0.01, momentumCoef: 0.9, wdecay: 1e-3, decayRate: 0.95, oneMinusDecayRate: 0.05,
  decay: 0.95, oneMinusDecay: 0.05, epsilon: 1e-6, stepSize: 0.002, beta1: 0.9, oneMinusBeta1: 0.1,
  beta2: 0.999, oneMinusBeta2: 0.001,
  [PIPELINE_SCALARS.gradientClipNorm]: 1.5, [PIPELINE_SCALARS.gradientClipValue]: 0.6, [PIPELINE_SCALARS.paramClipValue]: 0.9,
};
/** Batch sizes per step: 1 (the division is skipped), then others (it is not). */
const BATCH_SIZES = [1, 3, 1, 4, 7];
const SHAPES = [[3, 5], [], [33], [2, 2, 2]];

/** A readable label of a case. */
export function caseLabel(rule: UpdateRule, flags: PipelineFlags): string {
  const on = Object.entries(flags).filter(([, value]) => value).map(([name]) => name);
  return `${rule.name} ${on.join('+') || 'no clipping'}`;
}

function scalarsFor(program: UpdateProgram, step: number): Float32Array {
  return Float32Array.from(program.scalars, (name) => {
    if (name === PIPELINE_SCALARS.batchSize) return BATCH_SIZES[step]!;
    const value = VALUES[name];
    if (value === undefined) throw new Error(`no test value for scalar "${name}"`);
    return value * (1 + 0.05 * step); // scalars change every step, as with a schedule
  });
}

/** Compares one tensor's values after a step with the reference's. */
export type Compare = (actual: Float32Array, expected: Float32Array, what: string) => void;

/**
 * Runs `fusePipeline(rule, flags)` for five steps on `backend` (tensors created on the active
 * tfjs backend, states from zero, seeded gradients, scalars changing every step) and on core's
 * evaluator from the same values, comparing every tensor after every step.
 */
export async function runCase(backend: CudaBackend, rule: UpdateRule, flags: PipelineFlags, compare: Compare): Promise<void> {
  const program = fusePipeline(rule, flags);
  const label = caseLabel(rule, flags);
  const random = rng([...label].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  let expected: Float32Array[][] = SHAPES.map((shape) => program.tensors.map((name) => (name === 'param' ? values(sizeOf(shape), 1) : new Float32Array(sizeOf(shape)))));
  const mine = expected.map((slots, b) => slots.map((v, k) => (k === 1 ? tf.tensor(v, SHAPES[b]) : tf.variable(tf.tensor(v, SHAPES[b])))));
  try {
    for (let step = 0; step < BATCH_SIZES.length; step++) {
      const grads = SHAPES.map((shape) => values(sizeOf(shape), 3));
      const scalars = scalarsFor(program, step);
      const data: BindingData[] = SHAPES.map((shape, b) => ({ shape, values: expected[b]!.map((v, k) => (k === 1 ? grads[b]! : v)) }));
      expected = await reference(program, data, scalars);
      mine.forEach((slots, b) => {
        slots[1]!.dispose();
        slots[1] = tf.tensor(grads[b]!, SHAPES[b]);
      });
      backend.runUpdate({ program, bindings: mine, scalars });
      mine.forEach((slots, b) =>
        slots.forEach((tensor, k) => compare(tensor.dataSync() as Float32Array, expected[b]![k]!, `step ${step} binding ${b} ${program.tensors[k]}`)),
      );
    }
  } finally {
    for (const slots of mine) tf.dispose(slots);
  }
}
