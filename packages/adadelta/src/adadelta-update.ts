import { defineUpdate } from '@descent/core';

/**
 * neon's Adadelta, per element (states = [E[g^2], E[dx^2], dx]):
 * ```
 * s0 = decay*s0 + (1-decay)*g*g
 * dx = sqrt((s1 + eps) / (s0 + eps)) * g      # the UPDATED s0 (tfjs uses the old one: a bug)
 * s1 = decay*s1 + (1-decay)*dx*dx
 * p  = p - dx
 * ```
 * No learning rate and no gradient clipping, as in neon. `1 - decay` is a host scalar, as in
 * neon (Python computes it in float64): from the float32 decay it would be off by ~1e-5
 * relative for decays near 1.
 */
export const adadeltaUpdate = defineUpdate({
  name: 'adadelta',
  states: ['meanSquareGrad', 'meanSquareDelta', 'delta'],
  scalars: ['decay', 'oneMinusDecay', 'epsilon'],
  update: ({ param, grad, meanSquareGrad, meanSquareDelta }, s) => {
    const msGrad = s.decay.mul(meanSquareGrad).add(s.oneMinusDecay.mul(grad).mul(grad));
    const delta = meanSquareDelta.add(s.epsilon).div(msGrad.add(s.epsilon)).sqrt().mul(grad);
    const msDelta = s.decay.mul(meanSquareDelta).add(s.oneMinusDecay.mul(delta).mul(delta));
    return { meanSquareGrad: msGrad, meanSquareDelta: msDelta, delta, param: param.sub(delta) };
  },
});
