import * as tf from '@tensorflow/tfjs-core';
import { BackendError, getParamList, InvalidOptionError, InvalidTensorError, type Layer } from '@descent/core';
import { ParamSlot } from './param-slot.js';

/** A model as the training helpers take it: one layer (e.g. a Sequential) or a list of layers. */
export type Model = Layer | readonly Layer[];

function asList(model: Model): readonly Layer[] {
  return Array.isArray(model) ? (model as readonly Layer[]) : [model as Layer];
}

function slotsOf(layers: readonly Layer[]): ParamSlot[] {
  const slots = new Set<ParamSlot>();
  for (const entry of getParamList(layers)) {
    if (!(entry instanceof ParamSlot)) {
      const name = (entry.param as { name?: string } | undefined)?.name ?? '?';
      throw new InvalidOptionError('model', `computeGradients: param "${name}" does not belong to a @descent/layers layer, so its gradient cannot be stored`);
    }
    slots.add(entry);
  }
  return [...slots];
}

function isMissingGradient(error: unknown): boolean {
  return error instanceof Error && /gradient function not found/i.test(error.message);
}

/**
 * Runs `lossFn` (which must return a scalar tensor, e.g. a mean loss over the batch) under
 * tfjs autodiff and stores each parameter's gradient in its entry, disposing the previous one,
 * so that any Descent optimizer can then `optimize` the model. Returns the loss value, read
 * synchronously (`dataSync`): on tfjs-backend-webgpu use {@link computeGradientsAsync}.
 *
 * Gradients are of the loss as returned: for a mean loss keep the backend's `batchSize` at 1;
 * for a summed loss (neon's convention) set it to the batch size. A parameter the loss does not
 * depend on gets a zero gradient. The model must be built before the call (pass `inputSize` to
 * Sequential, call `build`, or run one forward pass), since tfjs needs the weights up front.
 *
 * tfjs-core alone registers no gradients: import `@tensorflow/tfjs` (or
 * `@tensorflow/tfjs-core/dist/register_all_gradients`) once in your application.
 */
export function computeGradients(model: Model, lossFn: () => tf.Tensor): number {
  const value = storeGradients(model, lossFn);
  try {
    return value.dataSync()[0]!;
  } finally {
    value.dispose();
  }
}

/**
 * {@link computeGradients} without a synchronous read: the loss is read with `await data()`,
 * which every tfjs backend supports (tfjs-backend-webgpu cannot `dataSync` in Node, and in
 * browsers a synchronous read stalls the GPU). The gradients are stored before it resolves.
 */
export async function computeGradientsAsync(model: Model, lossFn: () => tf.Tensor): Promise<number> {
  return readLoss(storeGradients(model, lossFn));
}

/** Reads a scalar loss tensor asynchronously and disposes it. */
export async function readLoss(value: tf.Scalar): Promise<number> {
  try {
    return (await value.data())[0]!;
  } finally {
    value.dispose();
  }
}

/**
 * What both `computeGradients` variants do before reading: checks, autodiff, and the new
 * gradients stored in the model's entries. Returns the loss tensor (the caller disposes it).
 */
export function storeGradients(model: Model, lossFn: () => tf.Tensor): tf.Scalar {
  if (typeof lossFn !== 'function') {
    throw new InvalidOptionError('lossFn', 'computeGradients: "lossFn" must be a function returning a scalar loss tensor');
  }
  const layers = asList(model);
  const slots = slotsOf(layers);
  if (slots.length === 0) {
    throw new InvalidOptionError(
      'model',
      'computeGradients: the model has no weights yet; build it first (Sequential "inputSize", model.build(inputSize), or one forward pass)',
    );
  }
  let result: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    const scalarLoss = (): tf.Scalar => {
      const value = lossFn();
      if (typeof value !== 'object' || value === null || value.rank !== 0) {
        const shape = Array.isArray(value?.shape) ? `shape [${value.shape.join(',')}]` : String(value);
        throw new InvalidTensorError('loss', `computeGradients: "lossFn" must return a scalar tensor, got ${shape}`);
      }
      return value as tf.Scalar;
    };
    result = tf.variableGrads(scalarLoss, slots.map((slot) => slot.param));
  } catch (error) {
    if (isMissingGradient(error)) {
      throw new BackendError(
        "computeGradients: tfjs has no gradient registered for an op of the loss; import '@tensorflow/tfjs' " +
          "(or '@tensorflow/tfjs-core/dist/register_all_gradients') once before training",
        { cause: error },
      );
    }
    throw error;
  }
  const { value, grads } = result;
  const built = slotsOf(layers).length;
  if (built !== slots.length) {
    Object.values(grads).forEach((g) => g.dispose());
    value.dispose();
    throw new InvalidOptionError('model', 'computeGradients: some layers created their weights inside lossFn; build the model before computing gradients');
  }
  for (const slot of slots) slot.replaceGrad(grads[slot.param.name] ?? tf.keep(tf.zerosLike(slot.param)));
  return value;
}

/** The layer list of a model, as optimizers take it. */
export function modelLayers(model: Model): readonly Layer[] {
  return asList(model);
}
