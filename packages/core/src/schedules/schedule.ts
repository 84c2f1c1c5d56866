import { InvalidOptionError } from '../errors.js';
import { OptionReader } from '../options/option-reader.js';
import { describeValue } from '../options/describe-value.js';
import { checkEpoch } from './check-epoch.js';
import { checkLearningRate, scaleRate } from './check-learning-rate.js';
import { stepIndex, readStepList } from './step-list.js';

/** Anything that maps a base learning rate and a 0-based epoch to the rate to use. */
export interface LearningRateSchedule {
  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  getLearningRate(learningRate: number, epoch: number): number;
}

/** Options of {@link Schedule}, neon's `Schedule(step_config, change)`. */
export interface ScheduleOptions {
  /** Absent: constant. An integer: every `stepConfig` epochs. A list: at those epochs. */
  readonly stepConfig?: number | readonly number[];
  /** The factor per step (default 1), or with a list of steps a list of absolute rates. */
  readonly change?: number | readonly number[];
}

/**
 * neon's base schedule, also the constant one (`new Schedule()`):
 * - no `stepConfig`: `lr`;
 * - integer `stepConfig`: `lr * change^floor(epoch / stepConfig)`;
 * - list `stepConfig`, number `change`: `lr * change^(number of steps <= epoch)`;
 * - list `stepConfig`, list `change`: as {@link StepSchedule}.
 * Every schedule is a pure function of `epoch`, so resuming mid-run gives the same rates.
 */
export class Schedule implements LearningRateSchedule {
  /** Absent: constant. An integer: every `stepConfig` epochs. A list: at those epochs. */
  readonly stepConfig: number | readonly number[] | undefined;
  /** The factor per step, or with a list of steps a list of absolute rates. */
  readonly change: number | readonly number[];

  constructor(options: ScheduleOptions = {}) {
    const reader: OptionReader = new OptionReader(new.target.name, options, ['stepConfig', 'change']);
    const stepConfig = reader.raw('stepConfig');
    const change = reader.raw('change');
    if (Array.isArray(change)) {
      if (!Array.isArray(stepConfig)) reader.fail('stepConfig', 'a list when "change" is a list', stepConfig);
      this.stepConfig = readStepList(reader, 'stepConfig', change.length);
      this.change = readRates(reader, change);
    } else {
      this.change = reader.number('change', { default: 1, min: 0 });
      if (stepConfig === undefined || stepConfig === null) this.stepConfig = undefined;
      else if (Array.isArray(stepConfig)) this.stepConfig = readStepList(reader, 'stepConfig');
      else this.stepConfig = reader.number('stepConfig', { integer: true, min: 1 });
    }
  }

  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  getLearningRate(learningRate: number, epoch: number): number {
    checkLearningRate(learningRate);
    checkEpoch(epoch);
    const { stepConfig, change } = this;
    if (stepConfig === undefined) return learningRate;
    if (typeof stepConfig === 'number') return scaleRate(learningRate, (change as number) ** Math.floor(epoch / stepConfig));
    const index = stepIndex(stepConfig, epoch);
    if (Array.isArray(change)) return index < 0 ? learningRate : change[index]!;
    return scaleRate(learningRate, (change as number) ** (index + 1));
  }
}

/** Validates a list of absolute learning rates (finite, >= 0). */
export function readRates(reader: OptionReader, values: readonly unknown[]): readonly number[] {
  values.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidOptionError('change', `${reader.owner}: option "change[${i}]" must be a finite number >= 0, got ${describeValue(value)}`);
    }
  });
  return Object.freeze([...(values as number[])]);
}
