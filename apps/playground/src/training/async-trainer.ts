import * as tf from '@tensorflow/tfjs';
import { getBackend, type Layer, layerClassName, type Optimizer, type ParamEntry } from '@descent/core';
import type { Sequential } from '@descent/layers';
import { crossEntropy, type DatasetTensors, shuffledIndices } from '@descent/example-kit';

/** A parameter entry this trainer owns: the layer's weights, a gradient it sets, states the optimizer fills. */
interface OwnedEntry extends ParamEntry {
  grad: tf.Tensor;
}

/** The model's parameter layers as optimizers see them, with entries whose gradients this trainer sets. */
function viewOf(layer: Layer, out: { layers: Layer[]; entries: OwnedEntry[] }): void {
  const params = layer.getParams?.() ?? [];
  if (params.length > 0) {
    const entries = params.map((p) => ({ param: p.param, grad: tf.zerosLike(p.param), states: [] as tf.Variable[] }));
    out.entries.push(...entries);
    out.layers.push({ name: layer.name, className: layerClassName(layer), getParams: () => entries });
  }
  for (const child of layer.layers ?? []) viewOf(child, out);
}

/**
 * Minibatch training with no synchronous read. @descent/layers' `trainStep` reads each loss with
 * `dataSync()`, which tfjs-backend-webgpu does slowly, and which in headless Chromium on
 * SwiftShader returns zeros and then loses the GPU device. So this trainer takes the gradients with
 * `tf.variableGrads`, hands them to the optimizer through its own view of the model's layers (same
 * names and class names, so MultiOptimizer routes as usual), and returns the epoch's loss as a tensor.
 */
export class AsyncTrainer {
  readonly #view: { layers: Layer[]; entries: OwnedEntry[] } = { layers: [], entries: [] };
  readonly #model: Sequential;
  readonly #optimizer: Optimizer;

  constructor(model: Sequential, optimizer: Optimizer) {
    this.#model = model;
    this.#optimizer = optimizer;
    viewOf(model, this.#view);
  }

  /**
   * One shuffled pass in minibatches of a summed cross-entropy, with Descent's `batchSize` set to
   * each minibatch's rows (neon's convention). Returns the mean per-sample loss, each minibatch's
   * taken before its update, as a scalar tensor for the caller to read (asynchronously) and dispose.
   */
  epoch(data: DatasetTensors, batchSize: number, epoch: number, random: () => number): tf.Scalar {
    const count = data.x.shape[0];
    const order = shuffledIndices(count, random);
    const params = this.#view.entries.map((e) => e.param);
    let total: tf.Scalar = tf.scalar(0);
    for (let start = 0; start < count; start += batchSize) {
      const rows = order.subarray(start, Math.min(start + batchSize, count));
      const { value, grads } = tf.tidy(() => {
        const indices = tf.tensor1d(rows, 'int32');
        const [xb, yb] = [tf.gather(data.x, indices) as tf.Tensor2D, tf.gather(data.y, indices) as tf.Tensor2D];
        return tf.variableGrads(() => crossEntropy(this.#model, xb, yb, 'sum'), params);
      });
      for (const entry of this.#view.entries) {
        entry.grad.dispose();
        entry.grad = grads[entry.param.name]!;
      }
      getBackend().batchSize = rows.length;
      this.#optimizer.optimize(this.#view.layers, epoch);
      const next = tf.add(total, value) as tf.Scalar;
      tf.dispose([total, value]);
      total = next;
    }
    const mean = tf.div(total, count) as tf.Scalar;
    total.dispose();
    return mean;
  }

  /** Frees the gradients (the optimizer frees the states it made). */
  dispose(): void {
    tf.dispose(this.#view.entries.map((e) => e.grad));
  }
}
