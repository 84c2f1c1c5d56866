import { OptionReader } from '../options/option-reader.js';
import { checkEpoch } from './check-epoch.js';
import { checkLearningRate } from './check-learning-rate.js';
import { readRates, Schedule } from './schedule.js';
import { readStepList, stepIndex } from './step-list.js';

/** Options of {@link StepSchedule}. */
export interface StepScheduleOptions {
  /** Epochs at which the rate changes, strictly increasing. */
  readonly stepConfig: readonly number[];
  /** The absolute rate from each of those epochs on (same length). */
  readonly change: readonly number[];
}

/**
 * The absolute rate `change[i]` of the last `stepConfig[i] <= epoch`, else `lr`.
 * Unlike neon it is computed from `epoch` alone (resumable), and a change of 0 is a rate of 0.
 */
export class StepSchedule extends Schedule {
  /** Epochs at which the rate changes, strictly increasing. */
  declare readonly stepConfig: readonly number[];
  /** The absolute rate from each of those epochs on. */
  declare readonly change: readonly number[];

  constructor(options: StepScheduleOptions) {
    super();
    const reader: OptionReader = new OptionReader('StepSchedule', options, ['stepConfig', 'change']);
    const change = reader.raw('change');
    if (!Array.isArray(change)) reader.fail('change', 'a list of learning rates');
    const rates = readRates(reader, change);
    const steps = readStepList(reader, 'stepConfig', rates.length);
    Object.assign(this, { stepConfig: steps, change: rates });
  }

  /** The learning rate to use in `epoch` (0-based) for a base rate of `learningRate`. */
  override getLearningRate(learningRate: number, epoch: number): number {
    checkLearningRate(learningRate);
    const index = stepIndex(this.stepConfig, checkEpoch(epoch));
    return index < 0 ? learningRate : this.change[index]!;
  }
}
