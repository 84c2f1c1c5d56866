import type * as tf from '@tensorflow/tfjs-core';
import { assertSpecificationVersion, checkEpoch, InvalidOptionError, type Optimizer } from '@descent/core';
import { checkModel } from './layers-from-model.js';
import type { TfjsModel } from './model-layers.js';
import { gradientMap, stepLayers, type VariableGradients } from './step-layers.js';
import { VariableEntries } from './variable-entries.js';

/** Options of {@link stepVariables}. */
export interface StepVariablesOptions {
  /** The 0-based epoch of this minibatch. */
  readonly epoch: number;
  /** Group variables by this model's layers (so a MultiOptimizer routes by tfjs layer). */
  readonly model?: TfjsModel;
}

const stores = new WeakMap<Optimizer, VariableEntries>();

/** The entries `stepVariables` keeps for `optimizer` (by variable name), e.g. for `layersFromModel(model, entries)`. */
export function variableEntriesOf(optimizer: Optimizer): VariableEntries {
  let entries = stores.get(optimizer);
  if (!entries) {
    entries = new VariableEntries();
    stores.set(optimizer, entries);
  }
  return entries;
}

/**
 * One optimizer step for a plain training loop: given what `tf.variableGrads(loss)` returns
 * (`{ value, grads }`, grads keyed by variable name), steps every variable that has a gradient,
 * in one `optimize` call. Variables are found by name (in `model`, else among tfjs' registered
 * variables); their states persist by name between calls. Only reads the gradients: dispose
 * `grads` and `value` yourself, as usual with `tf.variableGrads`.
 */
export function stepVariables(optimizer: Optimizer, result: { readonly grads: VariableGradients; readonly value?: tf.Tensor }, options: StepVariablesOptions): void {
  if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.optimize !== 'function') {
    throw new InvalidOptionError('optimizer', 'stepVariables: expects a Descent optimizer');
  }
  assertSpecificationVersion('stepVariables: "optimizer"', optimizer);
  if (typeof result !== 'object' || result === null) {
    throw new InvalidOptionError('grads', 'stepVariables: expects the result of tf.variableGrads(...): { value, grads }');
  }
  const epoch = checkEpoch(options?.epoch);
  const model = options.model === undefined ? undefined : checkModel(options.model, 'stepVariables');
  const gradients = gradientMap(result.grads, 'stepVariables');
  optimizer.optimize(stepLayers(gradients, variableEntriesOf(optimizer), model, 'stepVariables'), epoch);
}
