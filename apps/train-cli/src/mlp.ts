import * as tf from '@tensorflow/tfjs';
import type { Layer, ParamEntry } from '@descent/core';

/** A dense layer in neon's shape: a param entry per weight, grads filled by the trainer. */
class Dense implements Layer {
  readonly name: string;
  readonly className = 'Linear';
  readonly entries: { param: tf.Variable; grad: tf.Tensor; states: tf.Variable[] }[];

  constructor(name: string, nin: number, nout: number, seed: number) {
    this.name = name;
    const scale = Math.sqrt(2 / nin);
    this.entries = [
      { param: tf.variable(tf.randomNormal([nin, nout], 0, scale, 'float32', seed), true, `${name}/W`), grad: tf.zeros([nin, nout]), states: [] },
      { param: tf.variable(tf.zeros([nout]), true, `${name}/b`), grad: tf.zeros([nout]), states: [] },
    ];
  }

  getParams(): ParamEntry[] {
    return this.entries;
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(x, this.entries[0]!.param as tf.Tensor2D), this.entries[1]!.param);
  }
}

/** A small tanh MLP for two-class data. */
export class Mlp {
  readonly layers: Dense[];

  constructor(hidden: number[], seed = 7) {
    const sizes = [2, ...hidden, 2];
    this.layers = sizes.slice(1).map((nout, i) => new Dense(`dense_${i}`, sizes[i]!, nout, seed + i));
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    return this.layers.reduce((h, layer, i) => {
      const z = layer.apply(h);
      return i === this.layers.length - 1 ? z : tf.tanh(z);
    }, x);
  }

  /** Mean softmax cross-entropy; fills every param entry's grad (batch mean, so batchSize 1). */
  step(x: tf.Tensor2D, y: tf.Tensor2D): number {
    const entries = this.layers.flatMap((l) => l.entries);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, this.logits(x)) as tf.Scalar, entries.map((e) => e.param));
    for (const entry of entries) {
      entry.grad.dispose();
      entry.grad = grads[entry.param.name]!;
    }
    const loss = value.dataSync()[0]!;
    value.dispose();
    return loss;
  }

  accuracy(x: tf.Tensor2D, y: tf.Tensor2D): number {
    return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(this.logits(x), 1), tf.argMax(y, 1)), 'float32')).dataSync()[0]!);
  }
}
