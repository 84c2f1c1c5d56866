import type * as tf from '@tensorflow/tfjs';
import type { Layer } from '@descent/core';

/**
 * The model's parameters keyed by the name of the layer that owns them (`hidden_1`,
 * `hidden_1_bias`, ..., `output`), walking containers depth first. Layer names are fixed by the
 * example classifier, unlike tfjs variable names, which get suffixes when a name is taken.
 */
export function namedParams(model: Layer): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  const visit = (layer: Layer): void => {
    const params = layer.getParams?.() ?? [];
    params.forEach((entry, i) => out.set(params.length === 1 ? layer.name : `${layer.name}/${i}`, entry.param));
    for (const child of layer.layers ?? []) visit(child);
  };
  visit(model);
  return out;
}
