import { Adadelta, type AdadeltaOptions } from '@descent/adadelta';
import { Adagrad, type AdagradOptions } from '@descent/adagrad';
import { Adam, type AdamOptions } from '@descent/adam';
import { ExpSchedule, PolySchedule, ShiftSchedule, StepSchedule } from '@descent/core';
import { GradientDescentMomentum, type GradientDescentMomentumOptions } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp, type RMSPropOptions } from '@descent/rmsprop';
import { ShiftAdaMax, type ShiftAdaMaxOptions } from '@descent/shift-adamax';
import { type BackendName, describeOptimizerConformance, NAN_SCHEDULE, pipelineReference } from '@descent/testing';

// The kit on every built-in optimizer and every backend (all three must be available here).
// The algorithm packages run it with their float64 references on the ops backend; here the
// numbers are compared across backends, and GradientDescentMomentum also against a reference.
const ALL: BackendName[] = ['ops', 'wasm', 'webgpu'];
const common = { requireBackends: ALL, invalidAtStep: [NAN_SCHEDULE] };

describeOptimizerConformance<GradientDescentMomentumOptions>({
  ...common,
  name: 'GradientDescentMomentum',
  create: (o) => new GradientDescentMomentum(o),
  stateCount: (o) => (o.momentumCoef ? 1 : 0),
  reference: (o) =>
    pipelineReference(o, ({ param, grad, clipScale, states }, { epoch }) => {
      const lr = o.schedule ? o.schedule.getLearningRate(o.learningRate, epoch) : o.learningRate;
      const [mom, wd] = [o.momentumCoef ?? 0, o.wdecay ?? 0];
      if (mom === 0) return -lr * clipScale * grad + (1 - lr * wd) * param;
      const g = clipScale * grad + wd * param;
      states[0] = mom * states[0]! - lr * g;
      return o.nesterov ? param + mom * states[0] - lr * g : param + states[0];
    }),
  cases: [
    { name: 'momentum', options: { learningRate: 0.1, momentumCoef: 0.9 } },
    { name: 'plain SGD, weight decay, value clip, step schedule', options: { learningRate: 0.2, wdecay: 0.01, gradientClipValue: 0.3, schedule: new StepSchedule({ stepConfig: [1, 2], change: [0.05, 0.01] }) } },
    { name: 'nesterov, every clip, batch 4', options: { learningRate: 0.1, momentumCoef: 0.5, nesterov: true, gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 0.9 }, batchSize: 4 },
  ],
  invalidOptions: [['learningRate', undefined], ['momentumCoef', 1], ['nesterov', 'yes']],
});

describeOptimizerConformance<RMSPropOptions>({
  ...common,
  name: 'RMSProp',
  create: (o) => new RMSProp(o),
  stateCount: 1,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'norm and param clip, exp schedule, batch 3', options: { learningRate: 0.01, gradientClipNorm: 2, paramClipValue: 0.8, schedule: new ExpSchedule({ decay: 0.5 }) }, batchSize: 3 },
  ],
  invalidOptions: [['decayRate', 1], ['epsilon', -1]],
});

describeOptimizerConformance<AdagradOptions>({
  ...common,
  name: 'Adagrad',
  create: (o) => new Adagrad(o),
  stateCount: 1,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'value clip, poly schedule', options: { learningRate: 0.1, gradientClipValue: 0.3, schedule: new PolySchedule({ totalEpochs: 5, power: 2 }) } },
  ],
  invalidOptions: [['learningRate', Number.NaN]],
});

describeOptimizerConformance<AdadeltaOptions>({
  ...common,
  invalidAtStep: [],
  name: 'Adadelta',
  create: (o) => new Adadelta(o),
  stateCount: 3,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'param clip, batch 2', options: { decay: 0.9, epsilon: 1e-5, paramClipValue: 0.9 }, batchSize: 2 },
  ],
  invalidOptions: [['decay', 1], ['gradientClipNorm', 1]],
});

describeOptimizerConformance<AdamOptions>({
  ...common,
  name: 'Adam',
  create: (o) => new Adam(o),
  stateCount: 2,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'every clip, step schedule, batch 4', options: { learningRate: 0.01, gradientClipNorm: 1, gradientClipValue: 0.5, paramClipValue: 1, schedule: new StepSchedule({ stepConfig: [1, 2], change: [0.005, 0.001] }) }, batchSize: 4 },
  ],
  invalidOptions: [['beta1', 1], ['beta2', -0.1]],
});

describeOptimizerConformance<ShiftAdaMaxOptions>({
  ...common,
  name: 'ShiftAdaMax',
  create: (o) => new ShiftAdaMax(o),
  stateCount: 3,
  cases: [
    { name: 'defaults', options: {} },
    { name: 'shift schedule', options: { learningRate: 0.01, schedule: new ShiftSchedule({ interval: 1 }) } },
  ],
  invalidOptions: [['beta1', 1], ['paramClipValue', 1]],
});

describeOptimizerConformance<AdamOptions>({
  ...common,
  name: 'MultiOptimizer (Adam by default, another Adam for the nested layer)',
  // TestModel puts the first param in layer "first" and the rest in layer "nested".
  create: (o) => new MultiOptimizer({ default: new Adam(o), nested: new Adam({ ...o, learningRate: 0.01 }) }),
  stateCount: 2,
  cases: [{ name: 'defaults', options: {} }, { name: 'norm clip per group', options: { gradientClipNorm: 0.5 } }],
});
