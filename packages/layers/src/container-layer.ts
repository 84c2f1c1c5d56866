import type * as tf from '@tensorflow/tfjs-core';
import { BaseLayer } from './base-layer.js';

/**
 * A layer made of child layers run in order. It has no parameters of its own: optimizers
 * (and `getParamList`, `MultiOptimizer`) reach its children through `layers`.
 */
export abstract class ContainerLayer extends BaseLayer {
  /** The children, in the order they run. */
  readonly layers: readonly BaseLayer[];

  protected constructor(name: string | undefined, layers: readonly BaseLayer[], counted = true) {
    super(name, counted);
    this.layers = Object.freeze([...layers]);
  }

  override dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }

  protected outputSize(inputSize: number): number {
    return this.layers.reduce((size, layer) => layer.build(size), inputSize);
  }

  protected call(x: tf.Tensor): tf.Tensor {
    return this.layers.reduce((y, layer) => layer.forward(y), x);
  }
}
