import { ExpSchedule } from '../schedules/exp-schedule.js';
import { PolySchedule } from '../schedules/poly-schedule.js';
import { PowerSchedule } from '../schedules/power-schedule.js';
import { type LearningRateSchedule, Schedule } from '../schedules/schedule.js';
import { ShiftSchedule } from '../schedules/shift-schedule.js';
import { StepSchedule } from '../schedules/step-schedule.js';
import type { JsonValue } from './state-format.js';

function list(value: number | readonly number[] | undefined): JsonValue {
  if (value === undefined) return null;
  return typeof value === 'number' ? value : [...value];
}

/**
 * A JSON description of a learning-rate schedule for saved configs: the class and options of
 * a built-in schedule (exact class, not a subclass), else `{ type: "custom" }` with the
 * constructor's name. Schedules are pure functions of the epoch in Descent, so a schedule
 * has no state to save: this is for the record only.
 */
export function describeSchedule(schedule: LearningRateSchedule): { readonly [key: string]: JsonValue } {
  const ctor = (schedule as object).constructor;
  if (ctor === Schedule) {
    const s = schedule as Schedule;
    return { type: 'Schedule', stepConfig: list(s.stepConfig), change: list(s.change) };
  }
  if (ctor === StepSchedule || ctor === PowerSchedule) {
    const s = schedule as StepSchedule | PowerSchedule;
    return { type: ctor === StepSchedule ? 'StepSchedule' : 'PowerSchedule', stepConfig: list(s.stepConfig), change: list(s.change) };
  }
  if (ctor === ExpSchedule) return { type: 'ExpSchedule', decay: (schedule as ExpSchedule).decay };
  if (ctor === PolySchedule) {
    const s = schedule as PolySchedule;
    return { type: 'PolySchedule', totalEpochs: s.totalEpochs, power: s.power };
  }
  if (ctor === ShiftSchedule) {
    const s = schedule as ShiftSchedule;
    return { type: 'ShiftSchedule', interval: s.interval, shiftSize: s.shiftSize };
  }
  return { type: 'custom', className: typeof ctor === 'function' ? ctor.name : 'Object' };
}
