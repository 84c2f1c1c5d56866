import { defineUpdate, Expr, fusePipeline, getBackend, PIPELINE_SCALARS, type PipelineFlags, type UpdateRule } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Check, expectAllClose, onReferenceAndWebGPU, readAll, seededValues, variableOf } from './harness.js';

/** Adam as NEON_SEMANTICS writes it (bias correction folded into stepSize). */
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

/** ShiftAdaMax-like: max, abs, pow2Round, sign, min, neg all in one update. */
const shiftLike = defineUpdate({
  name: 'shift-like',
  states: ['m', 'u'],
  scalars: ['rate', 'beta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, u }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.beta1.oneMinus().mul(grad));
    const u1 = s.beta2.mul(u).max(grad.abs());
    const inv = Expr.constant(1).div(u1.add(s.epsilon));
    const delta = m1.mul(inv.pow2Round()).mul(s.rate.pow2Round()).mul(clipScale);
    const p = param.sub(delta).sub(grad.sign().mul(0.001)).clip(-1, 1).neg().neg();
    return { m: m1, u: u1, param: p.min(0.95) };
  },
});

const SCALARS: Record<string, number> = {
  [PIPELINE_SCALARS.gradientClipNorm]: 0.8,
  [PIPELINE_SCALARS.gradientClipValue]: 0.3,
  [PIPELINE_SCALARS.paramClipValue]: 1.2,
  stepSize: 0.01,
  rate: 0.02,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

const SHAPES = [[3, 5], [17], [1]];

function flagCombinations(): PipelineFlags[] {
  const out: PipelineFlags[] = [];
  for (let bits = 0; bits < 8; bits++) {
    out.push({ gradientClipNorm: (bits & 1) !== 0, gradientClipValue: (bits & 2) !== 0, paramClipValue: (bits & 4) !== 0 });
  }
  return out;
}

function pipelineCheck(rule: UpdateRule, flags: PipelineFlags, batchSize: number): Check {
  const on = Object.entries(flags).filter(([, v]) => v).map(([k]) => k);
  const label = `fusePipeline(${rule.name}) with ${on.length ? on.join(' + ') : 'no clip'}, batch ${batchSize}`;
  const program = fusePipeline(rule, flags);
  return {
    name: label,
    async run(ctx) {
      const scalars = Float32Array.from(program.scalars, (name) =>
        name === PIPELINE_SCALARS.batchSize ? batchSize : SCALARS[name]!,
      );
      const got = await onReferenceAndWebGPU(
        ctx,
        {
          setup: () =>
            SHAPES.map((shape, i) => {
              const size = shape.reduce((a, b) => a * b, 1);
              return {
                param: variableOf(seededValues(40 + i, size), shape),
                grad: tf.zeros(shape),
                states: rule.states.map(() => variableOf(new Float32Array(size), shape)),
              };
            }),
          step: (entries, k) => {
            entries.forEach((e, i) => {
              e.grad.dispose();
              e.grad = tf.tensor(seededValues(100 * k + i, e.param.size, 2), e.param.shape, 'float32');
            });
            const bindings = entries.map((e) => [e.param, e.grad, ...e.states]);
            getBackend().runUpdate({ program, bindings, scalars });
          },
          read: (entries) => readAll(entries.flatMap((e) => [e.param, ...e.states])),
          dispose: (entries) => entries.forEach((e) => [e.param, e.grad, ...e.states].forEach((t) => t.dispose())),
        },
        6,
        batchSize,
      );
      expectAllClose(label, got);
    },
  };
}

/** Both rules under all 8 combinations of the pipeline's clip flags. */
export const pipelineChecks: Check[] = [adamLike, shiftLike].flatMap((rule) =>
  flagCombinations().map((flags, i) => pipelineCheck(rule as UpdateRule, flags, i % 3 === 0 ? 4 : 1)),
);
