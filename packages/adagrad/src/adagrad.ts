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
import { adagradUpdate } from './adagrad-update.js';

/** Options of {@link Adagrad}, named after neon's arguments; neon's defaults in brackets. */
export interface AdagradOptions extends ClipOptions, ScheduleOption, StochasticRoundOption, SkipNonFiniteOption {
  /** Base learning rate, >= 0 [0.01]; the schedule maps it per epoch. */
  readonly learningRate?: number;
  /** Smoothing term inside the square root, >= 0 [1e-6]. */
  readonly epsilon?: number;
}

const KNOWN = ['learningRate', 'epsilon', 'schedule', 'stochasticRound', ...CLIP_OPTION_NAMES, SKIP_NON_FINITE_OPTION];

/** The per-step scalars of Adagrad's update. */
export type AdagradScalars = 'learningRate' | 'epsilon';

/**
 * neon's Adagrad: each element's step is divided by the root of the sum of all its past
 * squared gradients. States: `[sumSquares]`. neon's Adagrad has no schedule; Descent accepts
 * one (default constant, which is neon's behaviour). `stochasticRound` is accepted for neon
 * compatibility and ignored (it only mattered for neon's reduced-precision GPU backend).
 */
export class Adagrad extends ElementwiseOptimizer<'sumSquares', AdagradScalars> {
  /** Base learning rate (before the schedule). */
  readonly learningRate: number;
  /** Smoothing term inside the square root. */
  readonly epsilon: number;
  /** Maps the learning rate per epoch. */
  readonly schedule: LearningRateSchedule;

  constructor(options: AdagradOptions = {}) {
    const reader: OptionReader = new OptionReader('Adagrad', options, KNOWN);
    const learningRate = reader.number('learningRate', { default: 0.01, min: 0 });
    const epsilon = reader.number('epsilon', { default: 1e-6, min: 0 });
    reader.boolean('stochasticRound', false);
    const schedule = readSchedule(reader);
    super(adagradUpdate, readClipOptions(reader));
    this.learningRate = learningRate;
    this.epsilon = epsilon;
    this.schedule = schedule;
  }

  /** The type name saved state carries: `"Adagrad"`. */
  override get optimizerType(): string {
    return 'Adagrad';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), learningRate: this.learningRate, epsilon: this.epsilon, schedule: describeSchedule(this.schedule) };
  }

  protected override stepScalars(epoch: number): Record<AdagradScalars, number> {
    return {
      learningRate: this.scheduledRate(this.schedule, this.learningRate, epoch),
      epsilon: this.epsilon,
    };
  }
}
