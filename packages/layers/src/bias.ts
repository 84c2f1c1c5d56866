import * as tf from '@tensorflow/tfjs-core';
import { OptionReader } from '@descent/core';
import { Constant, type Initializer, readInitializer } from './initializers.js';
import { ParamLayer } from './param-layer.js';

/** Options of {@link Bias}. */
export interface BiasOptions {
  /** Fills the `[features]` bias when the layer is built (default: zeros). */
  readonly init?: Initializer;
  /** Default `Bias_{n}`. */
  readonly name?: string;
}

/** neon's Bias: adds a learned vector `b` (one value per feature) to every row. */
export class Bias extends ParamLayer {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Bias';
  protected readonly paramSuffix = 'b';

  constructor(options: BiasOptions = {}) {
    const reader: OptionReader = new OptionReader('Bias', options, ['init', 'name']);
    const init = readInitializer(reader, 'init', () => new Constant());
    super(reader.raw('name') as string | undefined, init);
  }

  protected paramShape(inputSize: number): number[] {
    return [inputSize];
  }

  protected outputSize(inputSize: number): number {
    return inputSize;
  }

  protected call(x: tf.Tensor): tf.Tensor {
    return tf.add(x, this.weights);
  }
}
