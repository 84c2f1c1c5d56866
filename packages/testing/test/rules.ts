import { defineUpdate, ElementwiseOptimizer, type Expr, OptionReader, readClipOptions, CLIP_OPTION_NAMES, type ClipOptions } from '@descent/core';
import { pipelineReference, type ReferenceStep } from '@descent/testing';

/** Options of {@link RuleMomentum}. */
export interface RuleMomentumOptions extends ClipOptions {
  readonly learningRate?: number;
}

const momentum = (sign: 1 | -1) =>
  defineUpdate({
    name: sign === 1 ? 'momentum' : 'momentum-wrong-sign',
    states: ['v'],
    scalars: ['learningRate'],
    update: ({ param, grad, v }, s, { clipScale }) => {
      const v1: Expr = v.mul(0.9).sub(s.learningRate.mul(clipScale).mul(grad));
      return { v: v1, param: sign === 1 ? param.add(v1) : param.sub(v1) };
    },
  });

/** Momentum SGD: `v = 0.9 v - lr sf g; p = p + v`. */
export const momentumRule = momentum(1);
/** The same with one sign flipped: `p = p - v`. The kit must catch it. */
export const wrongSignRule = momentum(-1);

/** An elementwise optimizer running `rule` (momentum or its broken twin). */
export class RuleMomentum extends ElementwiseOptimizer<'v', 'learningRate'> {
  readonly learningRate: number;
  constructor(rule: typeof momentumRule, options: RuleMomentumOptions = {}) {
    const reader = new OptionReader('RuleMomentum', options, ['learningRate', ...CLIP_OPTION_NAMES]);
    const learningRate = reader.number('learningRate', { default: 0.1, min: 0 });
    super(rule, readClipOptions(reader));
    this.learningRate = learningRate;
  }
  protected override stepScalars(): Record<'learningRate', number> {
    return { learningRate: this.learningRate };
  }
}

/** The float64 reference of momentum SGD with the step `rate(call)` (a constant by default). */
export function momentumReference(options: RuleMomentumOptions, rate?: (call: number) => number): ReferenceStep {
  const learningRate = options.learningRate ?? 0.1;
  return pipelineReference(options, ({ param, grad, clipScale, states }, { call }) => {
    states[0] = 0.9 * states[0]! - (rate ? rate(call) : learningRate) * clipScale * grad;
    return param + states[0];
  });
}
