import * as tf from '@tensorflow/tfjs-core';
import { getBackend, InvalidOptionError, PolySchedule, StepSchedule, type LearningRateSchedule } from '@descent/core';
import { GradientDescentMomentum, type GradientDescentMomentumOptions } from '@descent/gradient-descent-momentum';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, seededValues, TestLayer } from './helpers.js';

/** NEON_SEMANTICS, GradientDescentMomentum with the shared pipeline, in float64. */
function referenceStep(
  params: number[][], velocities: number[][], grads: number[][], epoch: number,
  o: GradientDescentMomentumOptions, bsz: number,
): void {
  const lr = (o.schedule ?? { getLearningRate: (l: number) => l }).getLearningRate(o.learningRate, epoch);
  const mom = o.momentumCoef ?? 0;
  const wdecay = o.wdecay ?? 0;
  let sf = 1;
  if (o.gradientClipNorm) {
    const norm = Math.sqrt(grads.flat().reduce((a, g) => a + g * g, 0)) / bsz;
    sf = o.gradientClipNorm / Math.max(norm, o.gradientClipNorm);
  }
  const gcv = o.gradientClipValue && Math.abs(o.gradientClipValue);
  const pcv = o.paramClipValue && Math.abs(o.paramClipValue);
  params.forEach((p, t) => {
    for (let i = 0; i < p.length; i++) {
      let g = grads[t]![i]! / bsz;
      if (gcv) g = Math.min(Math.max(g, -gcv), gcv);
      let np: number;
      if (mom === 0) {
        np = -lr * sf * g + (1 - lr * wdecay) * p[i]!;
      } else {
        g = sf * g + wdecay * p[i]!;
        const v = mom * velocities[t]![i]! - lr * g;
        velocities[t]![i] = v;
        np = o.nesterov ? p[i]! + mom * v - lr * g : p[i]! + v;
      }
      // neon skips the param clip when momentum is 0; Descent clips on every path.
      p[i] = pcv ? Math.min(Math.max(np, -pcv), pcv) : np;
    }
  });
}

const SHAPES = [[4, 3], [5], [], [1, 7]];

describe('GradientDescentMomentum vs a float64 reference', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => {
    getBackend().batchSize = 1;
  });

  const step: LearningRateSchedule = new StepSchedule({ stepConfig: [1, 2], change: [0.05, 0.01] });
  const cases: [string, GradientDescentMomentumOptions, number][] = [
    ['plain SGD', { learningRate: 0.1 }, 1],
    ['plain SGD with wdecay, clips, batch 8', { learningRate: 0.2, wdecay: 0.01, gradientClipNorm: 0.3, gradientClipValue: 0.05, paramClipValue: 0.7 }, 8],
    ['momentum', { learningRate: 0.05, momentumCoef: 0.9 }, 1],
    ['momentum + wdecay + step schedule', { learningRate: 0.1, momentumCoef: 0.5, wdecay: 0.001, schedule: step }, 1],
    ['nesterov + norm clip + batch 4', { learningRate: 0.1, momentumCoef: 0.9, nesterov: true, gradientClipNorm: 1 }, 4],
    ['nesterov + value & param clip + poly schedule', { learningRate: 0.3, momentumCoef: 0.7, nesterov: true, gradientClipValue: 0.5, paramClipValue: 1, schedule: new PolySchedule({ totalEpochs: 5, power: 2 }) }, 2],
  ];
  for (const [label, options, bsz] of cases) {
    it(`${label}: 15-step trajectory`, async () => {
      getBackend().batchSize = bsz;
      const layer = new TestLayer('gdm', SHAPES, 3);
      const params = await Promise.all(layer.entries.map(async (e) => Array.from(await e.param.data())));
      const velocities = params.map((p) => p.map(() => 0));
      const optimizer = new GradientDescentMomentum(options);
      for (let s = 0; s < 15; s++) {
        const epoch = Math.floor(s / 5);
        const grads = params.map((p, t) => seededValues(31 * s + t + 1, p.length, 3));
        layer.setGrads(grads);
        optimizer.optimize([layer], epoch);
        referenceStep(params, velocities, grads, epoch, options, bsz);
      }
      // float32 arithmetic vs float64: errors stay ~1e-6 relative after 15 steps; 1e-5 + 1e-6 abs.
      for (const [t, entry] of layer.entries.entries()) {
        expectClose(await entry.param.data(), params[t]!, 1e-5, 1e-6);
        if (options.momentumCoef) expectClose(await entry.states[0]!.data(), velocities[t]!, 1e-5, 1e-6);
        else expect(entry.states).toHaveLength(0);
      }
      layer.dispose();
    });
  }

  it('hand-computed first step with momentum', async () => {
    const layer = new TestLayer('hand', [[2]]);
    await layer.entries[0]!.param.assign(tf.tensor1d([1, -2]));
    layer.setGrads([[0.5, 4]]);
    new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, wdecay: 0.5 }).optimize([layer], 0);
    // g = [0.5 + 0.5*1, 4 + 0.5*-2] = [1, 3]; v = -0.1*g = [-0.1, -0.3]; p = [0.9, -2.3]
    expectClose(await layer.entries[0]!.states[0]!.data(), [-0.1, -0.3], 1e-6, 1e-7);
    expectClose(await layer.entries[0]!.param.data(), [0.9, -2.3], 1e-6, 1e-7);
    layer.dispose();
  });

  it('keeps the velocity between calls and does not leak over 100 steps', () => {
    const layer = new TestLayer('leak', SHAPES);
    const optimizer = new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9, gradientClipNorm: 1 });
    optimizer.optimize([layer], 0);
    const velocity = layer.entries[0]!.states[0];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) optimizer.optimize([layer], 0);
    expect(tf.memory().numTensors).toBe(before);
    expect(layer.entries[0]!.states[0]).toBe(velocity);
    layer.dispose();
  });
});

describe('GradientDescentMomentum options', () => {
  const invalid: [string, unknown, string][] = [
    ['missing learningRate', {}, 'learningRate'],
    ['NaN learningRate', { learningRate: Number.NaN }, 'learningRate'],
    ['negative learningRate', { learningRate: -0.1 }, 'learningRate'],
    ['momentum 1', { learningRate: 0.1, momentumCoef: 1 }, 'momentumCoef'],
    ['negative wdecay', { learningRate: 0.1, wdecay: -1 }, 'wdecay'],
    ['nesterov without momentum', { learningRate: 0.1, nesterov: true }, 'nesterov'],
    ['non-boolean nesterov', { learningRate: 0.1, momentumCoef: 0.5, nesterov: 'yes' }, 'nesterov'],
    ['infinite clip', { learningRate: 0.1, gradientClipNorm: Infinity }, 'gradientClipNorm'],
    ['bad schedule', { learningRate: 0.1, schedule: {} }, 'schedule'],
    ['typo', { learningRate: 0.1, momentum_coef: 0.9 }, 'momentum_coef'],
  ];
  for (const [label, options, option] of invalid) {
    it(`rejects ${label}, naming "${option}"`, () => {
      try {
        new GradientDescentMomentum(options as GradientDescentMomentumOptions);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).option).toBe(option);
        expect((error as Error).message).toContain(`"${option}"`);
      }
    });
  }

  it('reads 0 and null clips as off, and stochasticRound as an accepted no-op', () => {
    const optimizer = new GradientDescentMomentum({ learningRate: 0.1, gradientClipNorm: 0, paramClipValue: null, stochasticRound: true });
    expect(optimizer.pipeline).toEqual({});
  });
});
