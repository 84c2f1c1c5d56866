import { OptionReader } from '../options/option-reader.js';
import { checkEpoch } from './check-epoch.js';
import { checkLearningRate, scaleRate } from './check-learning-rate.js';
import { Schedule } from './schedule.js';

/** Options of {@link ShiftSchedule}. */
export interface ShiftScheduleOptions {
  /** Epochs between shifts (integer >= 1). */
  readonly interval: number;
  /** Bits shifted at each interval (integer >= 0, default 1). */
  readonly shiftSize?: number;
}

/** `lr * 2^(-shiftSize * floor(epoch / interval))`: halvings, for power-of-two arithmetic. */
export class ShiftSchedule extends Schedule {
  /** Epochs between shifts. */
  readonly interval: number;
  /** Bits shifted at each interval. */
  readonly shiftSize: number;

  constructor(options: ShiftScheduleOptions) {
    super();
    const reader: OptionReader = new OptionReader('ShiftSchedule', options, ['interval', 'shiftSize']);
    this.interval = reader.number('interval', { integer: true, min: 1 });
    this.shiftSize = reader.number('shiftSize', { integer: true, min: 0, default: 1 });
  }

  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  override getLearningRate(learningRate: number, epoch: number): number {
    checkLearningRate(learningRate);
    return scaleRate(learningRate, 2 ** (-this.shiftSize * Math.floor(checkEpoch(epoch) / this.interval)));
  }
}
