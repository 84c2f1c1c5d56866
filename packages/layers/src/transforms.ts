import * as tf from '@tensorflow/tfjs-core';
import { OptionReader } from '@descent/core';
import { exactClassName } from './class-name.js';

/** An elementwise (or row-wise) function for an {@link Activation} layer, neon's Transform. */
export abstract class Transform {
  /** The exact class name, used in an Affine's activation layer name (`{name}_{Transform}`). */
  get className(): string {
    return exactClassName(this);
  }
  /** The transform of `x` (a new tensor, or `x` itself for Identity). */
  abstract apply(x: tf.Tensor): tf.Tensor;
}

/** neon's Rectlin: `max(x, 0)`, or `max(x, slope*x)` (leaky) with `slope` > 0 (default 0). */
export class Rectlin extends Transform {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Rectlin';
  /** The slope for negative inputs (0: plain ReLU). */
  readonly slope: number;
  constructor(options: { readonly slope?: number } = {}) {
    super();
    this.slope = new OptionReader('Rectlin', options, ['slope']).number('slope', { default: 0, min: 0, max: 1, maxExclusive: true });
  }
  /** Applies this transform to `x`, as the class describes. */
  apply(x: tf.Tensor): tf.Tensor {
    return this.slope === 0 ? tf.relu(x) : tf.leakyRelu(x, this.slope);
  }
}

/** neon's Logistic: `1 / (1 + exp(-x))`. */
export class Logistic extends Transform {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Logistic';
  /** Applies this transform to `x`, as the class describes. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.sigmoid(x);
  }
}

/** neon's Tanh. */
export class Tanh extends Transform {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Tanh';
  /** Applies this transform to `x`, as the class describes. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }
}

/** neon's Softmax, over the features of each row. */
export class Softmax extends Transform {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Softmax';
  /** Applies this transform to `x`, as the class describes. */
  apply(x: tf.Tensor): tf.Tensor {
    return tf.softmax(x);
  }
}

/** neon's Identity: returns its input. */
export class Identity extends Transform {
  /** The class name MultiOptimizer routes by (a literal, so that minified bundles keep it). */
  static readonly className: string = 'Identity';
  /** Applies this transform to `x`, as the class describes. */
  apply(x: tf.Tensor): tf.Tensor {
    return x;
  }
}
