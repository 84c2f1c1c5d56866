import type * as tf from '@tensorflow/tfjs-core';
import { InvalidTensorError, type Layer, type ParamEntry } from '@descent/core';
import type { VariableEntries } from './variable-entries.js';

/** What the adapter reads of a tfjs-layers `LayerVariable`: `read()` returns its `tf.Variable`. */
export interface TfjsWeight {
  /** The weight's name. */
  readonly name: string;
  /** The weight's value: in tfjs-layers, the `tf.Variable` itself. */
  read(): tf.Tensor;
}

/** The `tf.Variable` under a LayerVariable (tfjs types `read()` as a plain Tensor). */
export function weightVariable(weight: TfjsWeight): tf.Variable {
  const value = weight.read() as tf.Variable;
  if (typeof value?.assign !== 'function' || typeof value.name !== 'string') {
    throw new InvalidTensorError(`weight "${weight.name}"`, `weight "${weight.name}" does not read as a tf.Variable`);
  }
  return value;
}

/** What the adapter reads of a tfjs-layers layer (`tf.layers.Layer`; nested models too). */
export interface TfjsLayer {
  /** The layer's name (routing key for MultiOptimizer). */
  readonly name: string;
  /** The layer's class, e.g. `Dense` (routing key for MultiOptimizer). */
  getClassName(): string;
  /** The layer's trainable weights. */
  readonly trainableWeights: readonly TfjsWeight[];
  /** Present on containers (a model used as a layer). */
  readonly layers?: readonly TfjsLayer[];
}

/** What the adapter reads of a `tf.LayersModel` (a `tf.Sequential` or a functional model). */
export interface TfjsModel {
  /** The model's layers, in order. */
  readonly layers: readonly TfjsLayer[];
}

/**
 * Decides which of a layer's variables it hands to the optimizer: every trainable weight for
 * a full view, only those with a gradient in this step for a step view. Each variable
 * belongs to the first layer that claims it (tfjs layers may share weights).
 */
export interface WeightSelection {
  readonly entries: VariableEntries;
  readonly include: (variable: tf.Variable) => boolean;
  readonly claimed: Set<string>;
}

/** A tfjs layer as a Descent layer: tfjs' `name` and `getClassName()`, its trainable weights as entries. */
class ModelLayer implements Layer {
  readonly name: string;
  readonly className: string;
  readonly layers?: readonly Layer[];
  readonly #params: readonly ParamEntry[];

  constructor(layer: TfjsLayer, selection: WeightSelection) {
    this.name = layer.name;
    this.className = layer.getClassName();
    if (Array.isArray(layer.layers) && layer.layers.length > 0) {
      // A nested model: its weights are its children's; route each child on its own.
      this.layers = viewLayers(layer.layers, selection);
      this.#params = [];
      return;
    }
    const params: ParamEntry[] = [];
    for (const weight of layer.trainableWeights) {
      const variable = weightVariable(weight);
      if (selection.claimed.has(variable.name) || !selection.include(variable)) continue;
      selection.claimed.add(variable.name);
      params.push(selection.entries.entryFor(variable));
    }
    this.#params = params;
  }

  getParams(): ParamEntry[] {
    return [...this.#params];
  }
}

/** Descent layers for tfjs layers, in order (containers recursively). */
export function viewLayers(layers: readonly TfjsLayer[], selection: WeightSelection): Layer[] {
  return layers.map((layer) => new ModelLayer(layer, selection));
}

/** A variable that belongs to no model layer, as a layer of its own (class `Variable`). */
export function variableLayer(variable: tf.Variable, entries: VariableEntries): Layer {
  const entry = entries.entryFor(variable);
  return { name: variable.name, className: 'Variable', getParams: () => [entry] };
}
