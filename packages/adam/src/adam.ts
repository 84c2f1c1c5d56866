import {
  CLIP_OPTION_NAMES,
  type ClipOptions,
  describeSchedule,
  describeValue,
  ElementwiseOptimizer,
  InvalidOptionError,
  type LearningRateSchedule,
  type OptimizerConfig,
  OptionReader,
  readClipOptions,
  readSchedule,
  StateError,
  type ScheduleOption,
  type StochasticRoundOption,
  SKIP_NON_FINITE_OPTION,
  type SkipNonFiniteOption,
} from '@descent/core';
import { adamUpdate } from './adam-update.js';

/** Options of {@link Adam}, named after neon's arguments; neon's defaults in brackets. */
export interface AdamOptions extends ClipOptions, ScheduleOption, StochasticRoundOption, SkipNonFiniteOption {
  /** Base learning rate, >= 0 [0.001]; the schedule maps it per epoch. */
  readonly learningRate?: number;
  /** Decay of the first moment, in [0, 1) [0.9]. */
  readonly beta1?: number;
  /** Decay of the second moment, in [0, 1) [0.999]. */
  readonly beta2?: number;
  /** Smoothing term, >= 0 [1e-8], outside the bias correction. */
  readonly epsilon?: number;
}

const KNOWN = ['learningRate', 'beta1', 'beta2', 'epsilon', 'schedule', 'stochasticRound', ...CLIP_OPTION_NAMES, SKIP_NON_FINITE_OPTION];

/** The per-step scalars of Adam's update. */
export type AdamScalars = 'stepSize' | 'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'epsilon';

function checkStepCount(value: unknown): number {
  // A safe integer, so that counting on from it stays exact.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOptionError('t', `Adam: "t" (steps applied) must be a non-negative integer, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * neon's Adam. States: `[m, v]`. `t` counts the steps applied: one per `optimize()` call (not
 * per epoch), counted only once a call has succeeded. It is settable (to a non-negative
 * integer), and `getState()` saves it as the counter `t` so that `setState` restores it with
 * the moments; neon loses it on resume. neon's Adam has no
 * schedule; Descent accepts one (default constant, which is neon's behaviour).
 * `stochasticRound` is accepted for neon compatibility and ignored (it only mattered for
 * neon's reduced-precision GPU backend; Descent is float32).
 */
export class Adam extends ElementwiseOptimizer<'m' | 'v', AdamScalars> {
  /** Base learning rate (before the schedule). */
  readonly learningRate: number;
  /** Decay of the first moment `m`. */
  readonly beta1: number;
  /** Decay of the second moment `v`. */
  readonly beta2: number;
  /** Smoothing term, outside the bias correction. */
  readonly epsilon: number;
  /** Maps the learning rate per epoch (default constant, as neon). */
  readonly schedule: LearningRateSchedule;
  #t = 0;

  constructor(options: AdamOptions = {}) {
    const reader: OptionReader = new OptionReader('Adam', options, KNOWN);
    const learningRate = reader.number('learningRate', { default: 0.001, min: 0 });
    const beta1 = reader.number('beta1', { default: 0.9, min: 0, max: 1, maxExclusive: true });
    const beta2 = reader.number('beta2', { default: 0.999, min: 0, max: 1, maxExclusive: true });
    const epsilon = reader.number('epsilon', { default: 1e-8, min: 0 });
    reader.boolean('stochasticRound', false);
    const schedule = readSchedule(reader);
    super(adamUpdate, readClipOptions(reader));
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.schedule = schedule;
  }

  /** Steps applied so far (neon's `t`); the next step uses `t + 1`. */
  get t(): number {
    return this.#t;
  }

  /** Restores the step count (e.g. from a checkpoint): a non-negative integer, else `InvalidOptionError`. */
  set t(value: number) {
    this.#t = checkStepCount(value);
  }

  /** The type name saved state carries: `"Adam"`. */
  override get optimizerType(): string {
    return 'Adam';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, schedule: describeSchedule(this.schedule) };
  }

  protected override stepScalars(epoch: number): Record<AdamScalars, number> {
    // neon increments t before the step; here it is incremented once the step has been
    // applied (onStepApplied), so a call that fails validation does not count.
    const t = this.#t + 1;
    const learningRate = this.scheduledRate(this.schedule, this.learningRate, epoch);
    // Float64 on the host: in float32, 1 - b2^t would lose ~4 digits to cancellation early on.
    const stepSize = (learningRate * Math.sqrt(1 - this.beta2 ** t)) / (1 - this.beta1 ** t);
    return {
      stepSize,
      beta1: this.beta1,
      oneMinusBeta1: 1 - this.beta1,
      beta2: this.beta2,
      oneMinusBeta2: 1 - this.beta2,
      epsilon: this.epsilon,
    };
  }

  protected override onStepApplied(): void {
    this.#t += 1;
  }

  /** Saved with the state: `{ t }`. */
  protected override getCounters(): Readonly<Record<string, number>> {
    return { t: this.#t };
  }

  protected override setCounters(counters: Readonly<Record<string, number>>): void {
    this.#t = counters.t!;
  }

  /** `t` must be a non-negative safe integer, as the setter requires. */
  protected override checkCounters(counters: Readonly<Record<string, unknown>>, path: string): Record<string, number> {
    const checked = super.checkCounters(counters, path);
    if (!Number.isSafeInteger(checked.t) || checked.t! < 0) {
      throw new StateError(`${path}.t`, `${path}.t (Adam's steps applied) must be an integer >= 0, got ${checked.t}`);
    }
    return checked;
  }
}
