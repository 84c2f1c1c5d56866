import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { type Optimizer, PolySchedule, ShiftSchedule, StepSchedule } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';
import { type Check, expectAllClose, onReferenceAndWebGPU, readAll } from './harness.js';
import { TestLayer } from './layer.js';

const step = () => new StepSchedule({ stepConfig: [1, 2], change: [0.005, 0.001] });
const poly = () => new PolySchedule({ totalEpochs: 5, power: 2 });

/** label, optimizer factory, batch size */
const CASES: [string, () => Optimizer, number][] = [
  ['Adam, defaults', () => new Adam(), 1],
  ['Adam, every clip', () => new Adam({ learningRate: 0.01, gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 1 }), 1],
  ['Adam, step schedule, batch 4', () => new Adam({ learningRate: 0.01, schedule: step() }), 4],
  ['RMSProp, defaults', () => new RMSProp(), 1],
  ['RMSProp, norm and param clip, batch 3', () => new RMSProp({ decayRate: 0.9, learningRate: 0.01, gradientClipNorm: 2, paramClipValue: 0.8 }), 3],
  ['Adagrad, defaults', () => new Adagrad(), 1],
  ['Adagrad, value clip, poly schedule', () => new Adagrad({ learningRate: 0.1, gradientClipValue: 0.3, schedule: poly() }), 1],
  ['Adadelta, defaults', () => new Adadelta(), 1],
  ['Adadelta, param clip, batch 2', () => new Adadelta({ decay: 0.9, epsilon: 1e-5, paramClipValue: 0.9 }), 2],
  ['ShiftAdaMax, defaults', () => new ShiftAdaMax(), 1],
  ['ShiftAdaMax, shift schedule', () => new ShiftAdaMax({ learningRate: 0.01, schedule: new ShiftSchedule({ interval: 1 }) }), 1],
  [
    'MultiOptimizer: Adam by default, RMSProp with a norm clip by name, GDM by class',
    () =>
      new MultiOptimizer({
        default: new Adam({ learningRate: 0.01 }),
        dense: new RMSProp({ learningRate: 0.01, gradientClipNorm: 1 }),
        TestLayer: new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 }),
      }),
    1,
  ],
];

/** Every algorithm package, 12 steps over 3 epochs, webgpu vs core's evaluator. */
export const algorithmChecks: Check[] = CASES.map(([label, make, batchSize]) => ({
  name: label,
  async run(ctx) {
    const got = await onReferenceAndWebGPU(
      ctx,
      {
        setup: () => {
          const dense = new TestLayer('dense', [[4, 3], [5]], 11);
          const other = new TestLayer('other', [[33], []], 12);
          // A plain layer object: its class is Object, so MultiOptimizer routes it to default.
          const plain = { name: 'plain', entries: new TestLayer('plain', [[7]], 13) };
          const layers = [dense, other, { name: 'plain', getParams: () => plain.entries.getParams() }];
          return { dense, other, plain: plain.entries, layers, optimizer: make() };
        },
        step: (s, k) => {
          for (const l of [s.dense, s.other, s.plain]) l.setGrads(k);
          s.optimizer.optimize(s.layers, Math.floor(k / 4));
        },
        read: (s) => readAll([s.dense, s.other, s.plain].flatMap((l) => l.tensors())),
        dispose: (s) => {
          s.optimizer.dispose();
          for (const l of [s.dense, s.other, s.plain]) l.dispose();
        },
      },
      12,
      batchSize,
    );
    expectAllClose(label, got);
  },
}));
