import { type LearningRateSchedule, PolySchedule, Schedule, StepSchedule, ExpSchedule } from '@descent/core';
import { GradientDescentMomentum, type GradientDescentMomentumOptions } from '@descent/gradient-descent-momentum';
import { type Check, expectAllClose, onReferenceAndWebGPU, readAll } from './harness.js';
import { TestLayer } from './layer.js';

const SHAPES = [[4, 3], [5], [], [1, 7], [33]];

function schedules(): Record<string, LearningRateSchedule> {
  return {
    step: new StepSchedule({ stepConfig: [1, 2], change: [0.05, 0.01] }),
    poly: new PolySchedule({ totalEpochs: 5, power: 2 }),
    exp: new ExpSchedule({ decay: 0.3 }),
    power: new Schedule({ stepConfig: 1, change: 0.5 }),
  };
}

const CASES: [string, (s: Record<string, LearningRateSchedule>) => GradientDescentMomentumOptions, number][] = [
  ['momentum 0', () => ({ learningRate: 0.1 }), 1],
  ['momentum 0, wdecay, every clip, batch 8', () => ({ learningRate: 0.2, wdecay: 0.01, gradientClipNorm: 0.3, gradientClipValue: 0.05, paramClipValue: 0.7 }), 8],
  ['momentum 0, exp schedule, norm clip', (s) => ({ learningRate: 0.2, schedule: s.exp, gradientClipNorm: 2 }), 1],
  ['momentum', () => ({ learningRate: 0.05, momentumCoef: 0.9 }), 1],
  ['momentum, wdecay, step schedule', (s) => ({ learningRate: 0.1, momentumCoef: 0.5, wdecay: 0.001, schedule: s.step }), 1],
  ['momentum, value clip, power schedule, batch 3', (s) => ({ learningRate: 0.1, momentumCoef: 0.8, gradientClipValue: 0.4, schedule: s.power }), 3],
  ['nesterov, norm clip, batch 4', () => ({ learningRate: 0.1, momentumCoef: 0.9, nesterov: true, gradientClipNorm: 1 }), 4],
  ['nesterov, value and param clip, poly schedule, batch 2', (s) => ({ learningRate: 0.3, momentumCoef: 0.7, nesterov: true, gradientClipValue: 0.5, paramClipValue: 1, schedule: s.poly }), 2],
  ['nesterov, every clip, wdecay', () => ({ learningRate: 0.05, momentumCoef: 0.6, nesterov: true, wdecay: 0.02, gradientClipNorm: 0.5, gradientClipValue: 0.3, paramClipValue: 0.9 }), 1],
];

/** GradientDescentMomentum, 12 steps over 3 epochs, webgpu vs core's evaluator. */
export const gdmChecks: Check[] = CASES.map(([label, options, batchSize]) => ({
  name: `GradientDescentMomentum: ${label}`,
  async run(ctx) {
    const got = await onReferenceAndWebGPU(
      ctx,
      {
        setup: () => ({ layer: new TestLayer('gdm', SHAPES, 3), optimizer: new GradientDescentMomentum(options(schedules())) }),
        step: ({ layer, optimizer }, k) => {
          layer.setGrads(k);
          optimizer.optimize([layer], Math.floor(k / 4));
        },
        read: ({ layer }) => readAll(layer.tensors()),
        dispose: ({ layer, optimizer }) => {
          optimizer.dispose();
          layer.dispose();
        },
      },
      12,
      batchSize,
    );
    expectAllClose(label, got);
  },
}));
