import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../datasets/dataset.js';

/** A dataset as tensors on the active tfjs backend: `x` [count, 2] and one-hot `y` [count, classes]. */
export interface DatasetTensors {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
}

/** Uploads `data` to the active tfjs backend (create it after choosing the backend). */
export function datasetTensors(data: Dataset): DatasetTensors {
  return tf.tidy(() => ({
    x: tf.tensor2d(data.features, [data.count, 2]),
    y: tf.cast(tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.classes), 'float32') as tf.Tensor2D,
  }));
}
