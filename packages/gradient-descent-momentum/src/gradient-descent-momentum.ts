import {
  CLIP_OPTION_NAMES,
  type ClipOptions,
  describeSchedule,
  ElementwiseOptimizer,
  type LearningRateSchedule,
  type OptimizerConfig,
  OptionReader,
  readClipOptions,
  readSchedule,
  type ScheduleOption,
  type StochasticRoundOption,
  SKIP_NON_FINITE_OPTION,
  type SkipNonFiniteOption,
} from '@descent/core';
import { momentumUpdate, nesterovUpdate, plainUpdate } from './gradient-descent-momentum-update.js';

/** Options of {@link GradientDescentMomentum}, named after neon's arguments. */
export interface GradientDescentMomentumOptions extends ClipOptions, ScheduleOption, StochasticRoundOption, SkipNonFiniteOption {
  /** Required, >= 0. */
  readonly learningRate: number;
  /** Momentum coefficient in [0, 1); 0 (the default) is plain SGD with no state. */
  readonly momentumCoef?: number;
  /** L2 weight decay, >= 0 (default 0). */
  readonly wdecay?: number;
  /** Nesterov momentum (default false); needs `momentumCoef > 0`. */
  readonly nesterov?: boolean;
}

const KNOWN = ['learningRate', 'momentumCoef', 'wdecay', 'nesterov', 'schedule', 'stochasticRound', ...CLIP_OPTION_NAMES, SKIP_NON_FINITE_OPTION];

/** The per-step scalars of GradientDescentMomentum's update. */
export type GradientDescentMomentumScalars = 'learningRate' | 'momentumCoef' | 'wdecay';

/**
 * neon's stochastic gradient descent with momentum, weight decay and Nesterov momentum.
 * States: `[velocity]`, or none when `momentumCoef` is 0.
 */
export class GradientDescentMomentum extends ElementwiseOptimizer<'velocity', GradientDescentMomentumScalars> {
  /** Base learning rate (before the schedule). */
  readonly learningRate: number;
  /** Momentum coefficient; 0 is plain SGD (no state). */
  readonly momentumCoef: number;
  /** L2 weight decay. */
  readonly wdecay: number;
  /** Whether the momentum is Nesterov momentum. */
  readonly nesterov: boolean;
  /** Maps the learning rate per epoch. */
  readonly schedule: LearningRateSchedule;

  constructor(options: GradientDescentMomentumOptions) {
    const reader: OptionReader = new OptionReader('GradientDescentMomentum', options, KNOWN);
    const learningRate = reader.number('learningRate', { min: 0 });
    const momentumCoef = reader.number('momentumCoef', { default: 0, min: 0, max: 1, maxExclusive: true });
    const wdecay = reader.number('wdecay', { default: 0, min: 0 });
    const nesterov = reader.boolean('nesterov', false);
    if (nesterov && momentumCoef === 0) reader.fail('nesterov', 'false when "momentumCoef" is 0 (Nesterov needs momentum)', true);
    reader.boolean('stochasticRound', false);
    const schedule = readSchedule(reader);
    const rule = momentumCoef === 0 ? plainUpdate : nesterov ? nesterovUpdate : momentumUpdate;
    super(rule as typeof momentumUpdate, readClipOptions(reader));
    this.learningRate = learningRate;
    this.momentumCoef = momentumCoef;
    this.wdecay = wdecay;
    this.nesterov = nesterov;
    this.schedule = schedule;
  }

  /** The type name saved state carries: `"GradientDescentMomentum"`. */
  override get optimizerType(): string {
    return 'GradientDescentMomentum';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), learningRate: this.learningRate, momentumCoef: this.momentumCoef, wdecay: this.wdecay, nesterov: this.nesterov, schedule: describeSchedule(this.schedule) };
  }

  protected override stepScalars(epoch: number): Record<GradientDescentMomentumScalars, number> {
    return {
      learningRate: this.scheduledRate(this.schedule, this.learningRate, epoch),
      momentumCoef: this.momentumCoef,
      wdecay: this.wdecay,
    };
  }
}
