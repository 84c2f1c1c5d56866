import { defineUpdate } from '@descent/core';

/**
 * neon's Adam, per element (states = [m, v]):
 * ```
 * m = b1*m + (1-b1)*g
 * v = b2*v + (1-b2)*g*g
 * p = p - sf*l*m / (sqrt(v) + eps)
 * ```
 * `l = lr*sqrt(1 - b2^t)/(1 - b1^t)` is the step size with the bias correction folded in,
 * computed on the host in float64 (see `Adam`), so epsilon stays outside the correction as in
 * Kingma & Ba, section 2. The moments take the unscaled gradient; only the step is scaled by
 * the norm-clip factor `sf`. `1 - b1` and `1 - b2` are host scalars, as in neon (Python
 * computes them in float64): from the float32 betas they would be off by ~1e-5 relative for
 * b2 = 0.999.
 */
export const adamUpdate = defineUpdate({
  name: 'adam',
  states: ['m', 'v'],
  scalars: ['stepSize', 'beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'epsilon'],
  update: ({ param, grad, m, v }, s, { clipScale }) => {
    const m1 = s.beta1.mul(m).add(s.oneMinusBeta1.mul(grad));
    const v1 = s.beta2.mul(v).add(s.oneMinusBeta2.mul(grad).mul(grad));
    const step = clipScale.mul(s.stepSize).mul(m1).div(v1.sqrt().add(s.epsilon));
    return { m: m1, v: v1, param: param.sub(step) };
  },
});
