import { defineUpdate, Expr } from '@descent/core';

/**
 * neon's ShiftAdaMax, per element (states = [m, u, inv]):
 * ```
 * m   = b1*m + (1-b1)*g
 * u   = max(b2*u, |g|)
 * inv = 1/(u + eps)
 * p   = clip(p - m*AP2(inv)*AP2(l), -1, 1)
 * ```
 * AP2 (`pow2Round`) rounds to the nearest power of two in log space, so the step is a shift.
 * `l = lr/(1 - b1^t)` with `t = epoch + 1` comes from the host. neon applies no norm or value
 * clipping here, and always clips the parameter to [-1, 1]. `1 - b1` is a host scalar, as in
 * neon (Python computes it in float64).
 */
export const shiftAdaMaxUpdate = defineUpdate({
  name: 'shift-adamax',
  states: ['m', 'u', 'inv'],
  scalars: ['stepSize', 'beta1', 'oneMinusBeta1', 'beta2', 'epsilon'],
  update: ({ param, grad, m, u }, s) => {
    const m1 = s.beta1.mul(m).add(s.oneMinusBeta1.mul(grad));
    const u1 = s.beta2.mul(u).max(grad.abs());
    const inv = Expr.constant(1).div(u1.add(s.epsilon));
    const step = m1.mul(inv.pow2Round()).mul(s.stepSize.pow2Round());
    return { m: m1, u: u1, inv, param: param.sub(step).clip(-1, 1) };
  },
});
