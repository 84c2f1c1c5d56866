import type * as tf from '@tensorflow/tfjs-core';
import { OptionReader } from '@descent/core';
import { BaseLayer } from './base-layer.js';
import type { Transform } from './transforms.js';

/** Options of {@link Activation}. */
export interface ActivationOptions {
  /** The function to apply, e.g. `new Rectlin()`. */
  readonly transform: Transform;
  /** Default `Activation_{n}`; inside an Affine, `{affine name}_{Transform class}`. */
  readonly name?: string;
}

/** neon's Activation layer: applies a {@link Transform}. It has no parameters. */
export class Activation extends BaseLayer {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Activation';
  /** The elementwise function applied. */
  readonly transform: Transform;

  constructor(options: ActivationOptions) {
    const reader: OptionReader = new OptionReader('Activation', options, ['transform', 'name']);
    const transform = reader.raw('transform') as Transform | undefined;
    if (typeof transform !== 'object' || transform === null || typeof transform.apply !== 'function') {
      reader.fail('transform', 'a transform such as new Rectlin() (an object with apply(x))', transform);
    }
    super(reader.raw('name') as string | undefined);
    this.transform = transform;
  }

  protected outputSize(inputSize: number): number {
    return inputSize;
  }

  protected call(x: tf.Tensor): tf.Tensor {
    return this.transform.apply(x);
  }
}
