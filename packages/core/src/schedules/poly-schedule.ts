import { OptionReader } from '../options/option-reader.js';
import { checkEpoch } from './check-epoch.js';
import { checkLearningRate } from './check-learning-rate.js';
import { Schedule } from './schedule.js';

/** Options of {@link PolySchedule}. */
export interface PolyScheduleOptions {
  /** The epoch at which the rate reaches 0 (integer >= 1). */
  readonly totalEpochs: number;
  /** The polynomial's power (> 0). */
  readonly power: number;
}

/**
 * `lr * (1 - epoch / totalEpochs)^power`, and 0 from `totalEpochs` on. (neon's Python 3 port
 * floors `epoch / totalEpochs`, which makes it constant; Descent divides.)
 */
export class PolySchedule extends Schedule {
  /** The epoch at which the rate reaches 0. */
  readonly totalEpochs: number;
  /** The polynomial's power. */
  readonly power: number;

  constructor(options: PolyScheduleOptions) {
    super();
    const reader: OptionReader = new OptionReader('PolySchedule', options, ['totalEpochs', 'power']);
    this.totalEpochs = reader.number('totalEpochs', { integer: true, min: 1 });
    this.power = reader.number('power', { min: 0, minExclusive: true });
  }

  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  override getLearningRate(learningRate: number, epoch: number): number {
    checkLearningRate(learningRate);
    if (checkEpoch(epoch) >= this.totalEpochs) return 0;
    return learningRate * (1 - epoch / this.totalEpochs) ** this.power;
  }
}
