import { OptionReader } from '../options/option-reader.js';
import { checkEpoch } from './check-epoch.js';
import { checkLearningRate, scaleRate } from './check-learning-rate.js';
import { Schedule } from './schedule.js';

/** Options of {@link PowerSchedule}. */
export interface PowerScheduleOptions {
  /** Epochs per step (integer >= 1). */
  readonly stepConfig: number;
  /** Factor applied at each step (>= 0). */
  readonly change: number;
}

/** `lr * change^floor(epoch / stepConfig)`. */
export class PowerSchedule extends Schedule {
  /** Epochs per step. */
  declare readonly stepConfig: number;
  /** Factor applied at each step. */
  declare readonly change: number;

  constructor(options: PowerScheduleOptions) {
    super();
    const reader: OptionReader = new OptionReader('PowerSchedule', options, ['stepConfig', 'change']);
    const stepConfig = reader.number('stepConfig', { integer: true, min: 1 });
    const change = reader.number('change', { min: 0 });
    Object.assign(this, { stepConfig, change });
  }

  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  override getLearningRate(learningRate: number, epoch: number): number {
    checkLearningRate(learningRate);
    return scaleRate(learningRate, this.change ** Math.floor(checkEpoch(epoch) / this.stepConfig));
  }
}
