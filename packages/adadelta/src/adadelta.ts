import {
  ElementwiseOptimizer,
  type OptimizerConfig,
  OptionReader,
  readClipOptions,
  SKIP_NON_FINITE_OPTION,
  type SkipNonFiniteOption,
  type StochasticRoundOption,
} from '@descent/core';
import { adadeltaUpdate } from './adadelta-update.js';

/** Options of {@link Adadelta}, named after neon's arguments; neon's defaults in brackets. */
export interface AdadeltaOptions extends StochasticRoundOption, SkipNonFiniteOption {
  /** Decay of both running means, in [0, 1) [0.95]. */
  readonly decay?: number;
  /** Smoothing term, >= 0 [1e-6]. */
  readonly epsilon?: number;
  /** Clip each parameter to `[-|v|, |v|]` after the update; 0/null: off [off]. */
  readonly paramClipValue?: number | null;
}

// neon's Adadelta has no learning rate (so no schedule) and no gradient clipping: those
// options are rejected as unknown rather than silently ignored.
const KNOWN = ['decay', 'epsilon', 'paramClipValue', 'stochasticRound', SKIP_NON_FINITE_OPTION];

/** Adadelta's state tensors, in neon's order: E[g^2], E[dx^2], dx. */
export type AdadeltaStates = 'meanSquareGrad' | 'meanSquareDelta' | 'delta';
/** The per-step scalars of Adadelta's update. */
export type AdadeltaScalars = 'decay' | 'oneMinusDecay' | 'epsilon';

/**
 * neon's Adadelta: the step is the gradient scaled by the ratio of the running RMS of past
 * steps to the running RMS of gradients. States: `[E[g^2], E[dx^2], dx]`, in neon's order.
 * `stochasticRound` is accepted for neon compatibility and ignored (it only mattered for
 * neon's reduced-precision GPU backend; Descent is float32).
 */
export class Adadelta extends ElementwiseOptimizer<AdadeltaStates, AdadeltaScalars> {
  /** Decay of the running averages E[g²] and E[dx²]. */
  readonly decay: number;
  /** Smoothing term inside both square roots. */
  readonly epsilon: number;

  constructor(options: AdadeltaOptions = {}) {
    const reader: OptionReader = new OptionReader('Adadelta', options, KNOWN);
    const decay = reader.number('decay', { default: 0.95, min: 0, max: 1, maxExclusive: true });
    const epsilon = reader.number('epsilon', { default: 1e-6, min: 0 });
    reader.boolean('stochasticRound', false);
    super(adadeltaUpdate, readClipOptions(reader, ['paramClipValue']));
    this.decay = decay;
    this.epsilon = epsilon;
  }

  /** The type name saved state carries: `"Adadelta"`. */
  override get optimizerType(): string {
    return 'Adadelta';
  }

  /** The hyperparameters, saved with the state for the record. */
  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), decay: this.decay, epsilon: this.epsilon };
  }

  protected override stepScalars(): Record<AdadeltaScalars, number> {
    return { decay: this.decay, oneMinusDecay: 1 - this.decay, epsilon: this.epsilon };
  }
}
