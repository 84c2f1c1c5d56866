import type { Layer } from '@descent/core';
import { InvalidOptionError } from '@descent/core';
import { type TfjsModel, viewLayers } from './model-layers.js';
import { VariableEntries } from './variable-entries.js';

/** Checks that `model` looks like a `tf.LayersModel` (has a `layers` array). */
export function checkModel(model: unknown, owner: string): TfjsModel {
  if (typeof model !== 'object' || model === null || !Array.isArray((model as TfjsModel).layers)) {
    throw new InvalidOptionError('model', `${owner}: "model" must be a tf.LayersModel (a tf.Sequential or tf.model(...))`);
  }
  return model as TfjsModel;
}

/**
 * A `tf.LayersModel` as Descent layers: one per tfjs layer, in `model.layers` order, with the
 * tfjs layer's `name` and class (`getClassName()`: `Dense`, `Conv2D`, ...), so that
 * `MultiOptimizer({ default: adam, Dense: sgd, my_head: rmsprop })` routes it as neon would.
 * A nested model becomes a container of its layers. Each layer's `getParams()` returns the
 * entries of its trainable weights (the `tf.Variable` under each `LayerVariable`) from
 * `entries`, which keeps optimizer states by variable name across calls.
 *
 * The view is for `getState(layers)` / `setState(state, layers)` and for loops that set the
 * gradients themselves (`entries.setGrad`); `DescentOptimizer` and `stepVariables` build
 * their own per step. Layers added to the model later need a new view.
 */
export function layersFromModel(model: TfjsModel, entries: VariableEntries = new VariableEntries()): Layer[] {
  checkModel(model, 'layersFromModel');
  return viewLayers(model.layers, { entries, include: () => true, claimed: new Set() });
}
