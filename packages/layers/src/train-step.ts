import type * as tf from '@tensorflow/tfjs-core';
import { assertSpecificationVersion, checkEpoch, InvalidOptionError, type Optimizer } from '@descent/core';
import { computeGradients, type Model, modelLayers } from './compute-gradients.js';

/** Options of {@link trainStep}. */
export interface TrainStepOptions {
  /** One layer (e.g. a Sequential) or a list of layers; must be built. */
  readonly model: Model;
  /** Any Descent optimizer, e.g. a MultiOptimizer. */
  readonly optimizer: Optimizer;
  /** Returns the scalar loss of the current minibatch, e.g. a mean cross-entropy. */
  readonly loss: () => tf.Tensor;
  /** The 0-based epoch, the same for every minibatch of an epoch. */
  readonly epoch: number;
}

/**
 * One minibatch: `computeGradients(model, loss)` then `optimizer.optimize(layers, epoch)`.
 * Returns the loss before the update. Allocates nothing that outlives the step besides the
 * new gradients (the old ones are disposed) and, on the first step, the optimizer's states.
 */
export function trainStep({ model, optimizer, loss, epoch }: TrainStepOptions): number {
  checkEpoch(epoch);
  if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.optimize !== 'function') {
    throw new InvalidOptionError('optimizer', 'trainStep: "optimizer" must be an Optimizer');
  }
  // Before the gradients are computed: a plugin built for another contract version changes nothing.
  assertSpecificationVersion('trainStep: "optimizer"', optimizer);
  const value = computeGradients(model, loss);
  optimizer.optimize(modelLayers(model), epoch);
  return value;
}
