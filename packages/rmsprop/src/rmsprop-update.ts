import { defineUpdate } from '@descent/core';

/**
 * neon's RMSProp, per element (states = [meanSquare]):
 * ```
 * ms = decay*ms + (1-decay)*g*g
 * p  = p - sf*g*lr / (sqrt(ms + eps) + eps)
 * ```
 * The running mean takes the unscaled gradient; only the step is scaled by the norm-clip
 * factor `sf`. Epsilon is added twice on purpose: that is what neon's code does.
 * `1 - decay` is a host scalar, as in neon (Python computes it in float64): computed from the
 * float32 decay instead, it would be off by up to ~1e-5 relative for decays near 1.
 */
export const rmspropUpdate = defineUpdate({
  name: 'rmsprop',
  states: ['meanSquare'],
  scalars: ['learningRate', 'decayRate', 'oneMinusDecayRate', 'epsilon'],
  update: ({ param, grad, meanSquare }, s, { clipScale }) => {
    const ms = s.decayRate.mul(meanSquare).add(s.oneMinusDecayRate.mul(grad.square()));
    const step = clipScale.mul(grad).mul(s.learningRate).div(ms.add(s.epsilon).sqrt().add(s.epsilon));
    return { meanSquare: ms, param: param.sub(step) };
  },
});
