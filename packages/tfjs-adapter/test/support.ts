import { seeded } from '@descent/testing';
import * as tf from '@tensorflow/tfjs';

export { seeded };

/** A small regression task: y = sin(x·a) + x·b over 4 features, 256 samples. */
export function regressionData(seed = 1): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  const next = seeded(seed);
  const rows = Array.from({ length: 256 }, () => Array.from({ length: 4 }, () => 2 * next() - 1));
  const a = [0.9, -1.3, 0.4, 1.1];
  const b = [0.5, 0.2, -0.7, 0.3];
  const ys = rows.map((r) => [Math.sin(r.reduce((s, x, i) => s + x * a[i]!, 0)) + r.reduce((s, x, i) => s + x * b[i]!, 0)]);
  return { xs: tf.tensor2d(rows), ys: tf.tensor2d(ys) };
}

/** hidden (Dense 16, tanh) -> my_head (Dense 1), with deterministic initial weights. */
export function regressionModel(seed = 2): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 16, activation: 'tanh', name: 'hidden' }),
      tf.layers.dense({ units: 1, name: 'my_head' }),
    ],
  });
  const next = seeded(seed);
  model.setWeights(model.getWeights().map((w) => tf.tensor(Array.from({ length: w.size }, () => (next() - 0.5) * 0.8), w.shape)));
  return model;
}

/** The model's mean squared error on (xs, ys). */
export function loss(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor): number {
  return tf.tidy(() => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor).dataSync()[0]!);
}

/** Every weight of the model as float32 bit patterns. */
export function weightBits(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(new Uint32Array(new Float32Array(w.dataSync()).buffer)));
}

export { tf };
