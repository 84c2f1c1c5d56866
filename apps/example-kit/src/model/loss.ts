import * as tf from '@tensorflow/tfjs-core';
import type { Sequential } from '@descent/layers';

/**
 * How a minibatch's per-sample losses are combined. `sum` is neon's convention: gradients are
 * batch sums and Descent's `backend.batchSize` divides them. `mean` averages in the loss, so
 * `backend.batchSize` stays 1.
 */
export type LossReduction = 'sum' | 'mean';

/** Cross-entropy of the model's softmax outputs against one-hot `y`, summed or averaged over rows. */
export function crossEntropy(model: Sequential, x: tf.Tensor2D, y: tf.Tensor2D, reduction: LossReduction): tf.Scalar {
  return tf.tidy(() => {
    const perRow = tf.neg(tf.sum(tf.mul(y, tf.log(tf.add(model.forward(x), 1e-7))), 1));
    return reduction === 'sum' ? tf.sum(perRow) : tf.mean(perRow);
  });
}

/** The fraction of rows whose most probable class is the labelled one, as a scalar tensor (read it as you like). */
export function accuracyTensor(model: Sequential, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.forward(x), 1), tf.argMax(y, 1)), 'float32')));
}

/** The fraction of rows whose most probable class is the labelled one (read synchronously). */
export function accuracy(model: Sequential, x: tf.Tensor2D, y: tf.Tensor2D): number {
  const value = accuracyTensor(model, x, y);
  const fraction = value.dataSync()[0]!;
  value.dispose();
  return fraction;
}
