import type * as tf from '@tensorflow/tfjs-core';
import { InvalidTensorError, type Layer } from '@descent/core';
import { exactClassName } from './class-name.js';
import { takeLayerName } from './layer-names.js';

/**
 * The base of every layer here: a neon-style name (`{Class}_{n}` unless given), the exact
 * class name optimizers route by, a forward pass over `[batch, features]` tensors, and lazy
 * building: a layer creates its weights for the feature count of its first input, or when
 * `build(inputSize)` is called.
 */
export abstract class BaseLayer implements Layer {
  readonly name: string;
  #inputSize: number | undefined;

  /** `counted: false` for layers that, like neon's compound layers, take no default name. */
  protected constructor(name: string | undefined, counted = true) {
    this.name = counted ? takeLayerName(exactClassName(this), name) : (name as string);
  }

  /** The exact class name (see `layerClassName` in @descent/core). */
  get className(): string {
    return exactClassName(this);
  }

  /** The number of input features the layer was built for; undefined until built. */
  get inputSize(): number | undefined {
    return this.#inputSize;
  }

  /** True once the layer has its weights. */
  get built(): boolean {
    return this.#inputSize !== undefined;
  }

  /**
   * Builds the layer for inputs of `inputSize` features (once; later calls must agree) and
   * returns the number of output features.
   */
  build(inputSize: number): number {
    if (!Number.isInteger(inputSize) || inputSize < 1) {
      throw new InvalidTensorError(`input of layer "${this.name}"`, `input of layer "${this.name}" must have an integer number of features >= 1, got ${String(inputSize)}`);
    }
    if (this.#inputSize !== undefined) {
      if (this.#inputSize !== inputSize) {
        throw new InvalidTensorError(
          `input of layer "${this.name}"`,
          `input of layer "${this.name}" has ${inputSize} features, but the layer was built for ${this.#inputSize}`,
        );
      }
      return this.outputSize(inputSize);
    }
    const outputSize = this.create(inputSize);
    this.#inputSize = inputSize;
    return outputSize;
  }

  /** Runs the layer on `x` of shape `[batch, features]`, building it first if needed. */
  forward(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 2) {
      throw new InvalidTensorError(
        `input of layer "${this.name}"`,
        `input of layer "${this.name}" must be a 2-D tensor [batch, features], got shape [${x.shape.join(',')}]`,
      );
    }
    this.build(x.shape[1]!);
    return this.call(x);
  }

  /** Frees the layer's tensors. */
  dispose(): void {}

  /** Creates the weights for `inputSize` features; returns the output feature count. */
  protected create(inputSize: number): number {
    return this.outputSize(inputSize);
  }

  /** The output feature count for `inputSize` input features. */
  protected abstract outputSize(inputSize: number): number;

  /** The forward pass of a built layer. */
  protected abstract call(x: tf.Tensor): tf.Tensor;
}
