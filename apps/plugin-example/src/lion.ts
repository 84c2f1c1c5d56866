/**
 * Lion (EvoLved Sign Momentum), from Chen et al. 2023, "Symbolic Discovery of Optimization
 * Algorithms", as a third-party Descent optimizer: one `defineUpdate` and one small
 * `ElementwiseOptimizer` subclass, written against `@descent/core`'s public API only. Every
 * Descent backend fuses it (with batch division and clipping) into one pass over memory.
 *
 * @packageDocumentation
 */
import {
  CLIP_OPTION_NAMES,
  type ClipOptions,
  defineUpdate,
  describeSchedule,
  ElementwiseOptimizer,
  type LearningRateSchedule,
  type OptimizerConfig,
  OptionReader,
  readClipOptions,
  readSchedule,
  type ScheduleOption,
} from '@descent/core';

/** Options of {@link Lion}; defaults from the paper in brackets. */
export interface LionOptions extends ClipOptions, ScheduleOption {
  /** Step size, >= 0 [1e-4]; the schedule maps it per epoch. Typically 3-10x smaller than AdamW's. */
  readonly learningRate?: number;
  /** Interpolation between momentum and gradient for the update's sign, in [0, 1] [0.9]. */
  readonly beta1?: number;
  /** Decay of the momentum, in [0, 1] [0.99]. */
  readonly beta2?: number;
  /** Decoupled weight decay λ, >= 0 [0]: `p -= lr * λ * p` with the step. */
  readonly weightDecay?: number;
}

/** The per-step scalars of Lion's update. */
export type LionScalars = 'learningRate' | 'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'weightDecay';

/**
 * Lion per element (states = [m]), with `g` the gradient after batch division and value
 * clipping, scaled by the norm-clip factor `sf` (1 without `gradientClipNorm`):
 * ```
 * c = β1·m + (1−β1)·g
 * p = p − lr·(sign(c) + λ·p)
 * m = β2·m + (1−β2)·g
 * ```
 * `1 − β` are host scalars (float64 on the host, then float32), not computed per element.
 */
export const lionUpdate = defineUpdate({
  name: 'lion',
  states: ['m'],
  scalars: ['learningRate', 'beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'weightDecay'],
  update: ({ param, grad, m }, s, { clipScale }) => {
    const g = clipScale.mul(grad);
    const c = s.beta1.mul(m).add(s.oneMinusBeta1.mul(g));
    return {
      param: param.sub(s.learningRate.mul(c.sign().add(s.weightDecay.mul(param)))),
      m: s.beta2.mul(m).add(s.oneMinusBeta2.mul(g)),
    };
  },
});

const KNOWN = ['learningRate', 'beta1', 'beta2', 'weightDecay', 'schedule', ...CLIP_OPTION_NAMES];

/**
 * The Lion optimizer. States: `[m]` (the momentum), created lazily as zeros. Options are
 * validated when it is constructed: a bad or unknown option is an `InvalidOptionError`
 * naming it. Checkpoints: `getState()` / `setState()` come from `ElementwiseOptimizer` (Lion
 * counts no steps, so its state is the momentum of each parameter).
 *
 * @example
 * ```ts
 * const optimizer = new Lion({ learningRate: 3e-4, weightDecay: 0.1 });
 * optimizer.optimize(layers, epoch); // once per minibatch
 * ```
 */
export class Lion extends ElementwiseOptimizer<'m', LionScalars> {
  /** Base step size (before the schedule). */
  readonly learningRate: number;
  /** β1: how much of the momentum goes into the update's sign. */
  readonly beta1: number;
  /** β2: the momentum's decay. */
  readonly beta2: number;
  /** λ: decoupled weight decay. */
  readonly weightDecay: number;
  /** Maps the learning rate per epoch (default constant). */
  readonly schedule: LearningRateSchedule;

  constructor(options: LionOptions = {}) {
    const reader = new OptionReader('Lion', options, KNOWN);
    const learningRate = reader.number('learningRate', { default: 1e-4, min: 0 });
    const beta1 = reader.number('beta1', { default: 0.9, min: 0, max: 1 });
    const beta2 = reader.number('beta2', { default: 0.99, min: 0, max: 1 });
    const weightDecay = reader.number('weightDecay', { default: 0, min: 0 });
    const schedule = readSchedule(reader);
    super(lionUpdate, readClipOptions(reader));
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.weightDecay = weightDecay;
    this.schedule = schedule;
  }

  protected override stepScalars(epoch: number): Record<LionScalars, number> {
    return {
      learningRate: this.scheduledRate(this.schedule, this.learningRate, epoch),
      beta1: this.beta1,
      oneMinusBeta1: 1 - this.beta1,
      beta2: this.beta2,
      oneMinusBeta2: 1 - this.beta2,
      weightDecay: this.weightDecay,
    };
  }

  /** The type saved state carries: a literal, so that minified bundles still agree. */
  override get optimizerType(): string {
    return 'Lion';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    const { learningRate, beta1, beta2, weightDecay } = this;
    return { ...super.getConfig(), learningRate, beta1, beta2, weightDecay, schedule: describeSchedule(this.schedule) };
  }
}
