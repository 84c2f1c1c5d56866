import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError, InvalidTensorError, type Layer } from '@descent/core';
import { type TfjsModel, variableLayer, viewLayers, weightVariable } from './model-layers.js';
import type { VariableEntries } from './variable-entries.js';

/** Gradients as tfjs hands them over: a map by variable name, or `{ name, tensor }` pairs. */
export type VariableGradients =
  | tf.NamedTensorMap
  | readonly {
      /** The variable's name. */
      readonly name: string;
      /** Its gradient (missing ones are skipped). */
      readonly tensor: tf.Tensor | null | undefined;
    }[];

/** The gradients by name; missing (`null`) gradients are left out, as tfjs' optimizers skip them. */
export function gradientMap(gradients: VariableGradients, owner: string): Map<string, tf.Tensor> {
  if (typeof gradients !== 'object' || gradients === null) {
    throw new InvalidOptionError('grads', `${owner}: gradients must be a map of variable name to tensor (tf.variableGrads(...).grads)`);
  }
  const pairs = Array.isArray(gradients)
    ? (gradients as readonly { name: string; tensor: tf.Tensor | null | undefined }[]).map((g) => [g?.name, g?.tensor] as const)
    : Object.entries(gradients as tf.NamedTensorMap);
  const map = new Map<string, tf.Tensor>();
  for (const [name, tensor] of pairs) {
    if (typeof name !== 'string') throw new InvalidOptionError('grads', `${owner}: a gradient has no variable name`);
    if (tensor !== null && tensor !== undefined) map.set(name, tensor);
  }
  return map;
}

/** The tf.Variable named `name`: the model's trainable weight, else tfjs' registered variable. */
function findVariable(name: string, fromModel: ReadonlyMap<string, tf.Variable>, owner: string): tf.Variable {
  const variable = fromModel.get(name) ?? (tf.engine().registeredVariables[name] as tf.Variable | undefined);
  if (!variable) throw new InvalidTensorError(`param "${name}"`, `${owner}: there is a gradient for "${name}", but no tf.Variable of that name`);
  return variable;
}

function modelVariables(model: TfjsModel | undefined): Map<string, tf.Variable> {
  const variables = new Map<string, tf.Variable>();
  const visit = (layers: TfjsModel['layers']): void => {
    for (const layer of layers) {
      if (Array.isArray(layer.layers) && layer.layers.length > 0) visit(layer.layers);
      else for (const weight of layer.trainableWeights) variables.set(weightVariable(weight).name, weightVariable(weight));
    }
  };
  if (model) visit(model.layers);
  return variables;
}

/**
 * The layers of one step: sets each gradient on its variable's persistent entry, then groups
 * the entries per model layer (when a model is given; layers with no gradient in this step
 * are left out) and gives every other variable a layer of its own, named after it, of class
 * `Variable`.
 */
export function stepLayers(gradients: ReadonlyMap<string, tf.Tensor>, entries: VariableEntries, model: TfjsModel | undefined, owner: string): Layer[] {
  const fromModel = modelVariables(model);
  const variables = [...gradients].map(([name, grad]) => {
    const variable = findVariable(name, fromModel, owner);
    entries.setGrad(variable, grad);
    return variable;
  });
  const withGrad = new Set(gradients.keys());
  const claimed = new Set<string>();
  const layers = model ? viewLayers(model.layers, { entries, include: (v) => withGrad.has(v.name), claimed }) : [];
  for (const variable of variables) {
    if (!claimed.has(variable.name)) layers.push(variableLayer(variable, entries));
  }
  return layers;
}
