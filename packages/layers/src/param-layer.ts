import * as tf from '@tensorflow/tfjs-core';
import type { ParamEntry } from '@descent/core';
import { BaseLayer } from './base-layer.js';
import type { Initializer } from './initializers.js';
import { freeVariableName, ParamSlot } from './param-slot.js';

/**
 * A layer with one trainable parameter (neon's ParameterLayer): created at build time from
 * its initializer, exposed to optimizers through `getParams()`.
 */
export abstract class ParamLayer extends BaseLayer {
  /** How the weights are filled when the layer is built. */
  readonly init: Initializer;
  #slot: ParamSlot | undefined;

  protected constructor(name: string | undefined, init: Initializer) {
    super(name);
    this.init = init;
  }

  /** The weights, once built. */
  get param(): tf.Variable | undefined {
    return this.#slot?.param;
  }

  /** The layer's parameter entry (empty until built); the same entry on every call. */
  getParams(): ParamEntry[] {
    return this.#slot ? [this.#slot] : [];
  }

  override dispose(): void {
    this.#slot?.dispose();
  }

  /** The parameter's shape for `inputSize` input features. */
  protected abstract paramShape(inputSize: number): number[];

  /** A short suffix for the parameter's tfjs variable name, e.g. `W`. */
  protected abstract readonly paramSuffix: string;

  protected override create(inputSize: number): number {
    const shape = this.paramShape(inputSize);
    const name = freeVariableName(`${this.name}/${this.paramSuffix}`);
    const param = tf.tidy(() => tf.variable(tf.cast(this.init.fill(shape), 'float32'), true, name));
    this.#slot = new ParamSlot(param);
    return this.outputSize(inputSize);
  }

  /** The weights of a built layer (for `call`). */
  protected get weights(): tf.Variable {
    return this.#slot!.param;
  }
}
