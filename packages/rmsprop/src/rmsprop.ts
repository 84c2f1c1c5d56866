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
import { rmspropUpdate } from './rmsprop-update.js';

/** Options of {@link RMSProp}, named after neon's arguments; neon's defaults in brackets. */
export interface RMSPropOptions extends ClipOptions, ScheduleOption, StochasticRoundOption, SkipNonFiniteOption {
  /** Decay of the running mean of squared gradients, in [0, 1) [0.95]. */
  readonly decayRate?: number;
  /** Base learning rate, >= 0 [2e-3]; the schedule maps it per epoch. */
  readonly learningRate?: number;
  /** Smoothing term, >= 0 [1e-6]; added inside and outside the square root, as neon does. */
  readonly epsilon?: number;
}

const KNOWN = ['decayRate', 'learningRate', 'epsilon', 'schedule', 'stochasticRound', ...CLIP_OPTION_NAMES, SKIP_NON_FINITE_OPTION];

/** The per-step scalars of RMSProp's update. */
export type RMSPropScalars = 'learningRate' | 'decayRate' | 'oneMinusDecayRate' | 'epsilon';

/**
 * neon's RMSProp: the step is the gradient divided by the root of a running mean of squared
 * gradients. States: `[meanSquare]`. `stochasticRound` is accepted for neon compatibility and
 * ignored (it only mattered for neon's reduced-precision GPU backend; Descent is float32).
 */
export class RMSProp extends ElementwiseOptimizer<'meanSquare', RMSPropScalars> {
  /** Decay of the running mean of squared gradients. */
  readonly decayRate: number;
  /** Base learning rate (before the schedule). */
  readonly learningRate: number;
  /** Smoothing term (neon adds it twice: inside and outside the square root). */
  readonly epsilon: number;
  /** Maps the learning rate per epoch. */
  readonly schedule: LearningRateSchedule;

  constructor(options: RMSPropOptions = {}) {
    const reader: OptionReader = new OptionReader('RMSProp', options, KNOWN);
    const decayRate = reader.number('decayRate', { default: 0.95, min: 0, max: 1, maxExclusive: true });
    const learningRate = reader.number('learningRate', { default: 2e-3, min: 0 });
    const epsilon = reader.number('epsilon', { default: 1e-6, min: 0 });
    reader.boolean('stochasticRound', false);
    const schedule = readSchedule(reader);
    super(rmspropUpdate, readClipOptions(reader));
    this.decayRate = decayRate;
    this.learningRate = learningRate;
    this.epsilon = epsilon;
    this.schedule = schedule;
  }

  /** The type name saved state carries: `"RMSProp"`. */
  override get optimizerType(): string {
    return 'RMSProp';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), decayRate: this.decayRate, learningRate: this.learningRate, epsilon: this.epsilon, schedule: describeSchedule(this.schedule) };
  }

  protected override stepScalars(epoch: number): Record<RMSPropScalars, number> {
    return {
      learningRate: this.scheduledRate(this.schedule, this.learningRate, epoch),
      decayRate: this.decayRate,
      oneMinusDecayRate: 1 - this.decayRate,
      epsilon: this.epsilon,
    };
  }
}
