import {
  ExpSchedule, InvalidOptionError, PolySchedule, PowerSchedule, Schedule, ShiftSchedule, StepSchedule,
} from '@descent/core';
import { describe, expect, it } from 'vitest';

const lr = 0.5;
const rates = (schedule: { getLearningRate(lr: number, e: number): number }, epochs: number[]) =>
  epochs.map((e) => schedule.getLearningRate(lr, e));

describe('schedules (NEON_SEMANTICS, hand-computed)', () => {
  it('Schedule: constant, integer step, list with factor, list with rates', () => {
    expect(rates(new Schedule(), [0, 7, 100])).toEqual([0.5, 0.5, 0.5]);
    expect(rates(new Schedule({ stepConfig: 3, change: 0.1 }), [0, 2, 3, 6])).toEqual([0.5, 0.5, 0.5 * 0.1, 0.5 * 0.1 ** 2]);
    expect(rates(new Schedule({ stepConfig: [2, 5], change: 0.5 }), [0, 1, 2, 4, 5, 9])).toEqual([0.5, 0.5, 0.25, 0.25, 0.125, 0.125]);
    expect(rates(new Schedule({ stepConfig: [2, 5], change: [0.3, 0.01] }), [1, 2, 5])).toEqual([0.5, 0.3, 0.01]);
  });

  it('StepSchedule: absolute rates from epoch alone; a change of 0 is a rate of 0', () => {
    const schedule = new StepSchedule({ stepConfig: [1, 3], change: [0, 0.2] });
    expect(rates(schedule, [0, 1, 2, 3, 10])).toEqual([0.5, 0, 0, 0.2, 0.2]);
    // Out of order epochs (a resume) give the same values: no hidden state.
    expect(rates(schedule, [10, 0, 2])).toEqual([0.2, 0.5, 0]);
  });

  it('PowerSchedule, ExpSchedule, PolySchedule, ShiftSchedule', () => {
    expect(rates(new PowerSchedule({ stepConfig: 2, change: 0.5 }), [0, 1, 2, 5])).toEqual([0.5, 0.5, 0.25, 0.125]);
    expect(rates(new ExpSchedule({ decay: 0.5 }), [0, 1, 4])).toEqual([0.5, 0.5 / 1.5, 0.5 / 3]);
    expect(rates(new PolySchedule({ totalEpochs: 4, power: 2 }), [0, 1, 2, 4, 9])).toEqual([0.5, 0.5 * 0.75 ** 2, 0.5 * 0.25, 0, 0]);
    expect(rates(new ShiftSchedule({ interval: 2 }), [0, 1, 2, 5])).toEqual([0.5, 0.5, 0.25, 0.125]);
    expect(rates(new ShiftSchedule({ interval: 1, shiftSize: 2 }), [0, 1, 2])).toEqual([0.5, 0.125, 0.5 / 16]);
  });

  it('subclasses are Schedules', () => {
    expect(new ExpSchedule({ decay: 1 })).toBeInstanceOf(Schedule);
  });

  const invalid: [string, () => unknown, string][] = [
    ['non-integer step', () => new Schedule({ stepConfig: 1.5 }), 'stepConfig'],
    ['NaN change', () => new Schedule({ stepConfig: 2, change: Number.NaN }), 'change'],
    ['unsorted steps', () => new StepSchedule({ stepConfig: [3, 1], change: [1, 2] }), 'stepConfig'],
    ['length mismatch', () => new StepSchedule({ stepConfig: [1], change: [1, 2] }), 'stepConfig'],
    ['negative rate', () => new StepSchedule({ stepConfig: [1], change: [-1] }), 'change'],
    ['zero interval', () => new ShiftSchedule({ interval: 0 }), 'interval'],
    ['negative decay', () => new ExpSchedule({ decay: -1 }), 'decay'],
    ['zero total', () => new PolySchedule({ totalEpochs: 0, power: 1 }), 'totalEpochs'],
    ['unknown key', () => new PowerSchedule({ stepConfig: 1, change: 1, chnage: 2 } as never), 'chnage'],
  ];
  for (const [label, make, option] of invalid) {
    it(`rejects ${label} naming "${option}"`, () => {
      try {
        make();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).option).toBe(option);
        expect((error as Error).message).toContain(option);
      }
    });
  }

  it('rejects a negative epoch', () => {
    expect(() => new Schedule().getLearningRate(1, -1)).toThrow(/epoch/);
  });
});
