import { defineUpdate } from '@descent/core';

const SCALARS = ['learningRate', 'momentumCoef', 'wdecay'] as const;

/** neon, momentum 0 (no state): `p = (-lr*sf)*g + (1 - lr*wdecay)*p`. */
export const plainUpdate = defineUpdate({
  name: 'gradient-descent',
  states: [],
  scalars: SCALARS,
  update: ({ param, grad }, s, { clipScale }) => ({
    param: s.learningRate.neg().mul(clipScale).mul(grad).add(s.learningRate.mul(s.wdecay).oneMinus().mul(param)),
  }),
});

/** neon, momentum: `g = sf*g + wdecay*p; v = mom*v - lr*g; p = p + v`. */
export const momentumUpdate = defineUpdate({
  name: 'gradient-descent-momentum',
  states: ['velocity'],
  scalars: SCALARS,
  update: ({ param, grad, velocity }, s, { clipScale }) => {
    const g = clipScale.mul(grad).add(s.wdecay.mul(param));
    const v = s.momentumCoef.mul(velocity).sub(s.learningRate.mul(g));
    return { velocity: v, param: param.add(v) };
  },
});

/** neon, Nesterov: as momentum, but `p = p + mom*v - lr*g`. */
export const nesterovUpdate = defineUpdate({
  name: 'gradient-descent-nesterov',
  states: ['velocity'],
  scalars: SCALARS,
  update: ({ param, grad, velocity }, s, { clipScale }) => {
    const g = clipScale.mul(grad).add(s.wdecay.mul(param));
    const v = s.momentumCoef.mul(velocity).sub(s.learningRate.mul(g));
    return { velocity: v, param: param.add(s.momentumCoef.mul(v)).sub(s.learningRate.mul(g)) };
  },
});
