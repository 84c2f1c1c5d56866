import * as tf from '@tensorflow/tfjs-core';
import { OptionReader } from '@descent/core';
import { GlorotUniform, type Initializer, readInitializer } from './initializers.js';
import { ParamLayer } from './param-layer.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Output features, an integer >= 1. */
  readonly nout: number;
  /** Fills the `[nin, nout]` weights when the layer is built (default: unseeded GlorotUniform). */
  readonly init?: Initializer;
  /** Default `Linear_{n}`. */
  readonly name?: string;
}

/** neon's Linear: `y = x W` with weights `W` of shape `[nin, nout]`, `nin` taken from the input. */
export class Linear extends ParamLayer {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Linear';
  /** Output features. */
  readonly nout: number;
  protected readonly paramSuffix = 'W';

  constructor(options: LinearOptions) {
    const reader: OptionReader = new OptionReader('Linear', options, ['nout', 'init', 'name']);
    const nout = reader.number('nout', { integer: true, min: 1 });
    const init = readInitializer(reader, 'init', () => new GlorotUniform());
    super(reader.raw('name') as string | undefined, init);
    this.nout = nout;
  }

  protected paramShape(inputSize: number): number[] {
    return [inputSize, this.nout];
  }

  protected outputSize(): number {
    return this.nout;
  }

  protected call(x: tf.Tensor): tf.Tensor {
    return tf.matMul(x as tf.Tensor2D, this.weights as tf.Tensor2D);
  }
}
