import { OptionReader } from '../options/option-reader.js';
import { checkEpoch } from './check-epoch.js';
import { checkLearningRate } from './check-learning-rate.js';
import { Schedule } from './schedule.js';

/** Options of {@link ExpSchedule}. */
export interface ExpScheduleOptions {
  /** Decay per epoch (>= 0). */
  readonly decay: number;
}

/** `lr / (1 + decay * epoch)` (neon's name, an inverse-time decay). */
export class ExpSchedule extends Schedule {
  /** The decay `d` of `lr / (1 + d * epoch)`. */
  readonly decay: number;

  constructor(options: ExpScheduleOptions) {
    super();
    this.decay = new OptionReader('ExpSchedule', options, ['decay']).number('decay', { min: 0 });
  }

  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  override getLearningRate(learningRate: number, epoch: number): number {
    checkLearningRate(learningRate);
    return learningRate / (1 + this.decay * checkEpoch(epoch));
  }
}
