import {
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
import { shiftAdaMaxUpdate } from './shift-adamax-update.js';

/** Options of {@link ShiftAdaMax}, named after neon's arguments; neon's defaults in brackets. */
export interface ShiftAdaMaxOptions extends ScheduleOption, StochasticRoundOption, SkipNonFiniteOption {
  /** Base learning rate, >= 0 [0.002]; the schedule maps it per epoch. */
  readonly learningRate?: number;
  /** Decay of the first moment, in [0, 1) [0.9]. */
  readonly beta1?: number;
  /** Decay of the infinity norm, in [0, 1) [0.999]. */
  readonly beta2?: number;
  /** Smoothing term, >= 0 [1e-8]. */
  readonly epsilon?: number;
}

// neon's ShiftAdaMax has no clipping options (it always clips parameters to [-1, 1]):
// clip options are rejected as unknown rather than silently ignored.
const KNOWN = ['learningRate', 'beta1', 'beta2', 'epsilon', 'schedule', 'stochasticRound', SKIP_NON_FINITE_OPTION];

/** The per-step scalars of ShiftAdaMax's update. */
export type ShiftAdaMaxScalars = 'stepSize' | 'beta1' | 'oneMinusBeta1' | 'beta2' | 'epsilon';

/**
 * neon's ShiftAdaMax (shift-based AdaMax, Courbariaux et al. 2016): AdaMax whose step
 * multipliers are rounded to powers of two, with parameters kept in [-1, 1].
 * States: `[m, u, inv]`, in neon's order. Unlike Adam, the bias correction uses
 * `t = epoch + 1`, as neon does. `stochasticRound` is accepted for neon compatibility and
 * ignored (it only mattered for neon's reduced-precision GPU backend; Descent is float32).
 */
export class ShiftAdaMax extends ElementwiseOptimizer<'m' | 'u' | 'inv', ShiftAdaMaxScalars> {
  /** Base learning rate (before the schedule). */
  readonly learningRate: number;
  /** Decay of the first moment `m`. */
  readonly beta1: number;
  /** Decay of the infinity norm `u`. */
  readonly beta2: number;
  /** Smoothing term added to `u`. */
  readonly epsilon: number;
  /** Maps the learning rate per epoch. */
  readonly schedule: LearningRateSchedule;

  constructor(options: ShiftAdaMaxOptions = {}) {
    const reader: OptionReader = new OptionReader('ShiftAdaMax', options, KNOWN);
    const learningRate = reader.number('learningRate', { default: 0.002, min: 0 });
    const beta1 = reader.number('beta1', { default: 0.9, min: 0, max: 1, maxExclusive: true });
    const beta2 = reader.number('beta2', { default: 0.999, min: 0, max: 1, maxExclusive: true });
    const epsilon = reader.number('epsilon', { default: 1e-8, min: 0 });
    reader.boolean('stochasticRound', false);
    const schedule = readSchedule(reader);
    super(shiftAdaMaxUpdate, readClipOptions(reader, []));
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.schedule = schedule;
  }

  /** The type name saved state carries: `"ShiftAdaMax"`. */
  override get optimizerType(): string {
    return 'ShiftAdaMax';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, schedule: describeSchedule(this.schedule) };
  }

  protected override stepScalars(epoch: number): Record<ShiftAdaMaxScalars, number> {
    const t = epoch + 1;
    const learningRate = this.scheduledRate(this.schedule, this.learningRate, epoch);
    return {
      // Float64 on the host, as neon computes it in Python; AP2 is applied in the update.
      stepSize: learningRate / (1 - this.beta1 ** t),
      beta1: this.beta1,
      oneMinusBeta1: 1 - this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}
