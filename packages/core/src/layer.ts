import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { InvalidOptionError } from './errors.js';

/**
 * One trainable parameter as an optimizer sees it: neon's `((param, grad), states)`.
 * `states` belongs to the layer, so it persists between calls; an optimizer fills it lazily
 * with zeros shaped like the gradient on first use.
 */
export interface ParamEntry {
  /** The parameter, updated in place (float32). */
  readonly param: Variable;
  /** Its gradient for this minibatch: a batch sum (optimizers divide it by the batch size). */
  readonly grad: Tensor;
  /** The optimizer's states for this parameter, owned by the layer (empty until the first step). */
  readonly states: Variable[];
}

/**
 * A layer as an optimizer sees it. Layers with parameters expose `getParams()`; containers
 * expose their children as `layers`. `className` defaults to the constructor's name.
 */
export interface Layer {
  /** The layer's name (MultiOptimizer routes by it first). */
  readonly name: string;
  /** The class name MultiOptimizer routes by; default the constructor's name. */
  readonly className?: string;
  /** This layer's own parameters (not its children's), with their grads and state lists. */
  getParams?(): ParamEntry[];
  /** A container's children, walked by `getParamList`. */
  readonly layers?: readonly Layer[];
}

/** The class name neon's MultiOptimizer routes by: `className`, else the constructor's name. */
export function layerClassName(layer: Layer): string {
  return layer.className ?? (layer as object).constructor?.name ?? 'Object';
}

/**
 * Flattens layers into their parameter entries, in order: containers are walked recursively,
 * layers without parameters are skipped.
 */
export function getParamList(layerList: readonly Layer[]): ParamEntry[] {
  const entries: ParamEntry[] = [];
  const path = new Set<Layer>();
  const visit = (layers: readonly Layer[]): void => {
    for (const layer of layers) {
      if (path.has(layer)) {
        throw new InvalidOptionError('layerList', `layer "${layer.name}" contains itself`);
      }
      if (typeof layer.getParams === 'function') entries.push(...layer.getParams());
      if (layer.layers) {
        path.add(layer);
        visit(layer.layers);
        path.delete(layer);
      }
    }
  };
  visit(layerList);
  return entries;
}
