import * as tf from '@tensorflow/tfjs-core';
import type { ParamEntry } from '@descent/core';

/**
 * A layer's parameter as optimizers see it (neon's `((param, grad), states)`): the weights,
 * their latest gradient, and the states list the layer keeps across calls (an optimizer fills
 * it on first use). The gradient starts as zeros, as neon allocates `dW`, and is replaced by
 * `computeGradients`, which disposes the previous one.
 */
export class ParamSlot implements ParamEntry {
  readonly param: tf.Variable;
  readonly states: tf.Variable[] = [];
  #grad: tf.Tensor;

  constructor(param: tf.Variable) {
    this.param = param;
    this.#grad = tf.keep(tf.zerosLike(param));
  }

  get grad(): tf.Tensor {
    return this.#grad;
  }

  /** Takes ownership of `grad` and disposes the gradient it replaces. */
  replaceGrad(grad: tf.Tensor): void {
    const previous = this.#grad;
    this.#grad = grad;
    if (previous !== grad && !previous.isDisposed) previous.dispose();
  }

  /** Disposes the weights, the gradient and any states still in the list. */
  dispose(): void {
    for (const tensor of [this.param, this.#grad, ...this.states.splice(0)]) {
      if (!tensor.isDisposed) tensor.dispose();
    }
  }
}

/** A variable name not yet registered with tfjs: `base`, else `base_1`, `base_2`, ... */
export function freeVariableName(base: string): string {
  const taken = tf.engine().registeredVariables;
  if (!(base in taken)) return base;
  let n = 1;
  while (`${base}_${n}` in taken) n += 1;
  return `${base}_${n}`;
}
