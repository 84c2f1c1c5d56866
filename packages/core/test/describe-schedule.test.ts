import {
  describeSchedule, ExpSchedule, type LearningRateSchedule, PolySchedule, PowerSchedule, Schedule, ShiftSchedule, StepSchedule,
} from '@descent/core';
import { describe, expect, it } from 'vitest';

describe('describeSchedule', () => {
  it('describes every built-in schedule by its options', () => {
    expect(describeSchedule(new Schedule())).toEqual({ type: 'Schedule', stepConfig: null, change: 1 });
    expect(describeSchedule(new Schedule({ stepConfig: [2, 5], change: 0.5 }))).toEqual({ type: 'Schedule', stepConfig: [2, 5], change: 0.5 });
    expect(describeSchedule(new StepSchedule({ stepConfig: [1, 3], change: [0.1, 0.01] }))).toEqual({ type: 'StepSchedule', stepConfig: [1, 3], change: [0.1, 0.01] });
    expect(describeSchedule(new PowerSchedule({ stepConfig: 4, change: 0.3 }))).toEqual({ type: 'PowerSchedule', stepConfig: 4, change: 0.3 });
    expect(describeSchedule(new ExpSchedule({ decay: 0.2 }))).toEqual({ type: 'ExpSchedule', decay: 0.2 });
    expect(describeSchedule(new PolySchedule({ totalEpochs: 10, power: 2 }))).toEqual({ type: 'PolySchedule', totalEpochs: 10, power: 2 });
    expect(describeSchedule(new ShiftSchedule({ interval: 3, shiftSize: 2 }))).toEqual({ type: 'ShiftSchedule', interval: 3, shiftSize: 2 });
  });

  it('calls anything else custom, subclasses included, and stays JSON', () => {
    class Halving extends ExpSchedule {}
    const plain: LearningRateSchedule = { getLearningRate: (lr) => lr };
    expect(describeSchedule(new Halving({ decay: 1 }))).toEqual({ type: 'custom', className: 'Halving' });
    expect(describeSchedule(plain)).toEqual({ type: 'custom', className: 'Object' });
    const description = describeSchedule(new StepSchedule({ stepConfig: [1], change: [0.5] }));
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });
});
