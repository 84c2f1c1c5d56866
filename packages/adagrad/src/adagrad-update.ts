import { defineUpdate } from '@descent/core';

/**
 * neon's Adagrad, per element (states = [sumSquares]):
 * ```
 * G = G + g*g
 * p = p - sf*g*lr / sqrt(G + eps)
 * ```
 * The sum takes the unscaled gradient; only the step is scaled by the norm-clip factor `sf`.
 */
export const adagradUpdate = defineUpdate({
  name: 'adagrad',
  states: ['sumSquares'],
  scalars: ['learningRate', 'epsilon'],
  update: ({ param, grad, sumSquares }, s, { clipScale }) => {
    const sum = sumSquares.add(grad.square());
    const step = clipScale.mul(grad).mul(s.learningRate).div(sum.add(s.epsilon).sqrt());
    return { sumSquares: sum, param: param.sub(step) };
  },
});
