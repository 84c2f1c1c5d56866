import * as tf from '@tensorflow/tfjs-core';
import {
  assertSpecificationVersion, checkEpoch, InvalidOptionError, type Layer, type Optimizer, type OptimizerState, StateError, type StateOptions,
} from '@descent/core';
import { checkModel, layersFromModel } from './layers-from-model.js';
import type { TfjsModel } from './model-layers.js';
import { gradientMap, stepLayers, type VariableGradients } from './step-layers.js';
import { VariableEntries } from './variable-entries.js';

/** Options of {@link DescentOptimizer} / {@link asTfOptimizer}. */
export interface DescentOptimizerOptions {
  /**
   * The model being trained. With it, every step groups the variables per tfjs layer, so a
   * MultiOptimizer routes by tfjs layer name and class; without it, each variable is a layer
   * of its own (named after the variable, class `Variable`).
   */
  readonly model?: TfjsModel;
  /** The 0-based epoch to start at (default 0); keep it in step with {@link trackEpochs}. */
  readonly epoch?: number;
}

function checkOptimizer(optimizer: unknown): Optimizer {
  if (typeof optimizer !== 'object' || optimizer === null || typeof (optimizer as Optimizer).optimize !== 'function') {
    throw new InvalidOptionError('optimizer', 'DescentOptimizer: expects a Descent optimizer (an object with optimize())');
  }
  assertSpecificationVersion('DescentOptimizer: "optimizer"', optimizer as Optimizer);
  return optimizer as Optimizer;
}

/**
 * A `tf.Optimizer` that runs a Descent optimizer: pass it to `model.compile({ optimizer })`
 * and train with `model.fit(...)`, or call `minimize` yourself. Each `applyGradients` call is
 * one Descent `optimize(layers, epoch)` call over every variable that has a gradient (tfjs
 * skips variables whose gradient is null, and so does this). States are kept per variable
 * name. Add `trackEpochs(optimizer)` to `fit`'s callbacks so that epoch-based schedules see
 * fit's epochs.
 *
 * Checkpoints: `getState()` / `setState(state)` (Descent's format; with a model, against its
 * layers). tfjs' `getWeights` / `setWeights` (and so `model.save(..., { includeOptimizer:
 * true })`) are not supported: tfjs' format keys optimizer weights by position (tfjs#4290)
 * and has no place for step counters; they reject with a `StateError` that says so.
 */
export class DescentOptimizer extends tf.Optimizer {
  /** tfjs' serialization name. */
  static className = 'DescentOptimizer';
  /** The Descent optimizer that runs the updates. */
  readonly optimizer: Optimizer;
  /** The model given at construction, if any. */
  readonly model: TfjsModel | undefined;
  /** The persistent entries (by variable name) the optimizer's states live in. */
  readonly entries = new VariableEntries();
  #epoch = 0;

  constructor(optimizer: Optimizer, options: DescentOptimizerOptions = {}) {
    super();
    this.optimizer = checkOptimizer(optimizer);
    if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'DescentOptimizer: options must be an object');
    this.model = options.model === undefined ? undefined : checkModel(options.model, 'DescentOptimizer');
    this.epoch = options.epoch ?? 0;
  }

  /** The 0-based epoch handed to `optimize` (neon's `epoch`); set it at each epoch's start. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Sets the epoch of the coming steps (an integer >= 0, else `InvalidOptionError`). */
  set epoch(value: number) {
    this.#epoch = checkEpoch(value);
  }

  /** One Descent step over every variable with a gradient; validated before anything is written. */
  applyGradients(variableGradients: VariableGradients): void {
    const gradients = gradientMap(variableGradients, 'DescentOptimizer');
    const layers = stepLayers(gradients, this.entries, this.model, 'DescentOptimizer');
    this.optimizer.optimize(layers, this.#epoch);
    this.incrementIterations();
  }

  /** The model's layers as the optimizer sees them (with a model), else `undefined`. */
  layers(): Layer[] | undefined {
    return this.model ? layersFromModel(this.model, this.entries) : undefined;
  }

  /** The Descent optimizer's state: for the model's layers when there is a model, else for every variable stepped so far. */
  getState(): OptimizerState {
    return this.optimizer.getState(this.layers());
  }

  /** Restores a state from {@link DescentOptimizer.getState} (see `Optimizer.setState`). */
  setState(state: unknown, options?: StateOptions): void {
    this.optimizer.setState(state, this.layers(), options);
  }

  /** tfjs' config: the Descent optimizer's type and hyperparameters, and the epoch. */
  getConfig(): tf.serialization.ConfigDict {
    const config = typeof this.optimizer.getConfig === 'function' ? this.optimizer.getConfig() : {};
    return { type: this.optimizer.optimizerType ?? this.optimizer.constructor.name, config, epoch: this.#epoch } as tf.serialization.ConfigDict;
  }

  /** Not supported (see the class comment): rejects with a `StateError`. */
  override async getWeights(): Promise<
    {
      /** The weight's name. */
      name: string;
      /** Its value. */
      tensor: tf.Tensor;
    }[]
  > {
    throw new StateError('weights', 'DescentOptimizer: tfjs optimizer weights are not supported (they are keyed by position); save optimizer.getState() instead (saveState from @descent/core/node)');
  }

  /** Not supported (see the class comment): rejects with a `StateError`. */
  override async setWeights(_weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    throw new StateError('weights', 'DescentOptimizer: tfjs optimizer weights are not supported (they are keyed by position); restore with setState(state) instead');
  }

  /** Disposes the Descent optimizer (its states) and tfjs' iteration counter. */
  override dispose(): void {
    this.optimizer.dispose();
    super.dispose();
  }
}

/** `new DescentOptimizer(optimizer, options)`: any Descent optimizer as a `tf.Optimizer`. */
export function asTfOptimizer(optimizer: Optimizer, options?: DescentOptimizerOptions): DescentOptimizer {
  return new DescentOptimizer(optimizer, options);
}

/** A `model.fit` callback (tfjs' `CustomCallbackArgs`) that follows fit's epochs. */
export interface EpochCallback {
  /** Called by `model.fit` at the start of each epoch, counting from `initialEpoch`. */
  onEpochBegin(epoch: number): Promise<void>;
}

/**
 * A `model.fit` callback that sets `optimizer.epoch` at the start of every epoch (fit's
 * epochs count from `initialEpoch`, so a resumed fit continues the schedule):
 * `model.fit(xs, ys, { epochs, callbacks: [trackEpochs(optimizer)] })`.
 */
export function trackEpochs(optimizer: DescentOptimizer): EpochCallback {
  return {
    onEpochBegin: async (epoch: number) => {
      optimizer.epoch = epoch;
    },
  };
}
