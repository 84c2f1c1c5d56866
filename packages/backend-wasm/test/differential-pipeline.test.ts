import type { WasmBackend } from '@descent/backend-wasm';
import { defineUpdate, Expr, fusePipeline, PIPELINE_SCALARS, type UpdateProgram, type UpdateRule } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BindingData, expectBitwise, expectClose, reference, rng, scaleOf, sizeOf, wasmBackend } from './helpers.js';

/** Adam as DESIGN.md sketches it (bias correction folded into stepSize). */
const adamLike = defineUpdate({
  name: 'adam-like',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const v1 = s.beta2.mul(v).add(s.beta2.oneMinus().mul(grad.square()));
    return { m: m1, v: v1, param: param.sub(clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon))) };
  },
});

/** ShiftAdaMax-like: max, abs, division, pow2Round (AP2) and a constant clip. */
const shiftLike = defineUpdate({
  name: 'shift-like',
  states: ['m', 'u', 'inv'],
  scalars: ['rate', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, u }, s) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const u1 = s.beta2.mul(u).max(grad.abs());
    const inv = Expr.constant(1).div(u1.add(s.epsilon));
    return { m: m1, u: u1, inv, param: param.sub(m1.mul(inv.pow2Round()).mul(s.rate.pow2Round())).clip(-1, 1) };
  },
});

/** RMSProp-like (epsilon twice) with a sign term: exercises sqrt, sign and uniform products. */
const rmsSignLike = defineUpdate({
  name: 'rms-sign-like',
  states: ['ms'],
  scalars: ['decay', 'rate', 'epsilon'],
  update: ({ param, grad, ms }, s, { clipScale }) => {
    const ms1 = s.decay.mul(ms).add(s.decay.oneMinus().mul(grad).mul(grad));
    const step = clipScale.mul(grad).mul(s.rate).div(ms1.add(s.epsilon).sqrt().add(s.epsilon));
    return { ms: ms1, param: param.sub(step).sub(grad.sign().mul(s.rate.mul(0.01))) };
  },
});

const RULES: readonly [UpdateRule, Record<string, number>][] = [
  [adamLike as unknown as UpdateRule, { stepSize: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
  [shiftLike as unknown as UpdateRule, { rate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }],
  [rmsSignLike as unknown as UpdateRule, { decay: 0.95, rate: 0.002, epsilon: 1e-6 }],
];

const FLAGS = [false, true].flatMap((gradientClipNorm) =>
  [false, true].flatMap((gradientClipValue) =>
    [false, true].map((paramClipValue) => ({ gradientClipNorm, gradientClipValue, paramClipValue })),
  ),
);

const SHAPES = [[3, 5], [], [1023], [4], [2, 2, 2], [9]];

function scalarsFor(program: UpdateProgram, rule: Record<string, number>, step: number): Float32Array {
  const values: Record<string, number> = {
    ...rule,
    [PIPELINE_SCALARS.batchSize]: 4,
    [PIPELINE_SCALARS.gradientClipNorm]: 1.5,
    [PIPELINE_SCALARS.gradientClipValue]: 0.6,
    [PIPELINE_SCALARS.paramClipValue]: 0.9,
  };
  // Scalars change every step (a schedule), as an optimizer's do.
  return Float32Array.from(program.scalars, (name) => values[name]! * (1 + 0.1 * step));
}

describe('fusePipeline programs (every flag combination) agree with the evaluator over several steps', () => {
  let backend: WasmBackend;
  beforeAll(async () => {
    backend = await wasmBackend();
  });
  afterAll(() => backend.dispose());

  for (const [rule, ruleScalars] of RULES) {
    for (const flags of FLAGS) {
      const label = `${rule.name} ${JSON.stringify(flags)}`;
      it(label, async () => {
        const program = fusePipeline(rule, flags);
        const random = rng(label.length * 7919 + 17);
        const gradient = (n: number): Float32Array => Float32Array.from({ length: n }, () => (random() * 2 - 1) * 3);
        // Both worlds start from the same values; states start at zero, params random.
        let expected: Float32Array[][] = SHAPES.map((shape) =>
          program.tensors.map((name) => (name === 'param' ? gradient(sizeOf(shape)) : new Float32Array(sizeOf(shape)))),
        );
        const mine = expected.map((slots, b) =>
          slots.map((values, k) =>
            program.tensors[k] === 'grad' ? tf.tensor(values, SHAPES[b]) : tf.variable(tf.tensor(values, SHAPES[b])),
          ),
        );
        try {
          for (let step = 0; step < 4; step++) {
            const grads = SHAPES.map((shape) => gradient(sizeOf(shape)));
            const scalars = scalarsFor(program, ruleScalars, step);
            const data: BindingData[] = SHAPES.map((shape, b) => ({
              shape,
              values: expected[b]!.map((v, k) => (program.tensors[k] === 'grad' ? grads[b]! : v)),
            }));
            expected = await reference(program, data, scalars);
            mine.forEach((slots, b) => {
              slots[1]!.dispose();
              slots[1] = tf.tensor(grads[b]!, SHAPES[b]);
            });
            backend.runUpdate({ program, bindings: mine, scalars });
            mine.forEach((slots, b) =>
              slots.forEach((t, k) => {
                const what = `step ${step} binding ${b} ${program.tensors[k]}`;
                const actual = t.dataSync() as Float32Array;
                const e = expected[b]![k]!;
                if (flags.gradientClipNorm) {
                  // The norm is summed in another order (float64 vs tfjs-cpu's per-tensor
                  // double sums added in float32): ~1e-7 relative on the clip scale. Elements
                  // where the update cancels the param get that error relative to the tensor's
                  // scale, hence a floor of 1e-6 times the tensor's largest magnitude.
                  expectClose(actual, e, what, 1e-6, 1e-6 * scaleOf(e));
                } else {
                  expectBitwise(actual, e, what);
                }
              }),
            );
          }
          expect(backend.stats.kernelCalls).toBeGreaterThan(0);
        } finally {
          for (const slots of mine) for (const t of slots) t.dispose();
        }
      });
    }
  }
});
