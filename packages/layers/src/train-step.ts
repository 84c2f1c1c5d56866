import type * as tf from '@tensorflow/tfjs-core';
import { assertSpecificationVersion, checkEpoch, InvalidOptionError, type Optimizer } from '@descent/core';
import { computeGradients, type Model, modelLayers, readLoss, storeGradients } from './compute-gradients.js';

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
 * Returns the loss before the update, read synchronously: on tfjs-backend-webgpu use
 * {@link trainStepAsync}. Allocates nothing that outlives the step besides the new gradients
 * (the old ones are disposed) and, on the first step, the optimizer's states.
 */
export function trainStep(options: TrainStepOptions): number {
  checkOptimizer(options);
  const value = computeGradients(options.model, options.loss);
  options.optimizer.optimize(modelLayers(options.model), options.epoch);
  return value;
}

/**
 * {@link trainStep} without a synchronous read, for every tfjs backend: the gradients are
 * computed and the update is queued before the loss (before the update) is read with
 * `await data()`, so on a GPU the read waits for work already submitted.
 */
export async function trainStepAsync(options: TrainStepOptions): Promise<number> {
  checkOptimizer(options);
  const value = storeGradients(options.model, options.loss);
  try {
    options.optimizer.optimize(modelLayers(options.model), options.epoch);
  } catch (error) {
    value.dispose();
    throw error;
  }
  return readLoss(value);
}

function checkOptimizer({ optimizer, epoch }: TrainStepOptions): void {
  checkEpoch(epoch);
  if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.optimize !== 'function') {
    throw new InvalidOptionError('optimizer', 'trainStep: "optimizer" must be an Optimizer');
  }
  // Before the gradients are computed: a plugin built for another contract version changes nothing.
  assertSpecificationVersion('trainStep: "optimizer"', optimizer);
}
