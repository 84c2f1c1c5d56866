import { Adadelta } from '@descent/adadelta';
import { Adagrad } from '@descent/adagrad';
import { Adam } from '@descent/adam';
import { ExpSchedule, type Optimizer, PowerSchedule, ShiftSchedule, StepSchedule } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { ShiftAdaMax } from '@descent/shift-adamax';

/**
 * Every optimizer under test, built fresh each time (a "new process"). Settings exercise
 * schedules (epoch-dependent), clipping and the step counters, so that a resume which lost
 * anything would drift.
 */
export const OPTIMIZERS: Record<string, () => Optimizer> = {
  'GradientDescentMomentum (momentum, wdecay, step schedule)': () =>
    new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9, wdecay: 1e-3, schedule: new StepSchedule({ stepConfig: [2], change: [0.05] }) }),
  'GradientDescentMomentum (nesterov, clip norm)': () =>
    new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.8, nesterov: true, gradientClipNorm: 1 }),
  'GradientDescentMomentum (plain, no state)': () => new GradientDescentMomentum({ learningRate: 0.1, paramClipValue: 3 }),
  'RMSProp (clip value, exp schedule)': () => new RMSProp({ learningRate: 0.01, gradientClipValue: 0.5, schedule: new ExpSchedule({ decay: 0.3 }) }),
  Adagrad: () => new Adagrad({ learningRate: 0.1 }),
  'Adadelta (param clip)': () => new Adadelta({ decay: 0.9, paramClipValue: 2 }),
  'Adam (clip norm, power schedule)': () => new Adam({ learningRate: 0.01, gradientClipNorm: 2, schedule: new PowerSchedule({ stepConfig: 2, change: 0.5 }) }),
  'ShiftAdaMax (shift schedule)': () => new ShiftAdaMax({ learningRate: 0.01, schedule: new ShiftSchedule({ interval: 2 }) }),
  'MultiOptimizer (by name and class, one optimizer under two keys)': () => {
    const adam = new Adam({ learningRate: 0.02 });
    return new MultiOptimizer({
      default: adam,
      Linear: new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.9, nesterov: true }),
      head: new ShiftAdaMax(),
      Bias: new RMSProp(),
      tail: adam,
    });
  },
};
