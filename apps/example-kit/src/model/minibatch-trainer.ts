import * as tf from '@tensorflow/tfjs-core';
import { getBackend, type Layer, layerClassName, type Optimizer, type ParamEntry } from '@descent/core';
import type { Sequential } from '@descent/layers';
import { shuffledIndices } from '../random.js';
import { crossEntropy, type LossReduction } from './loss.js';
import type { DatasetTensors } from './tensors.js';

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

/** Options of {@link MinibatchTrainer.epoch}. */
export interface EpochOptions {
  readonly data: DatasetTensors;
  readonly batchSize: number;
  readonly reduction: LossReduction;
  /** 0-based; passed to `optimize` (schedules, ShiftAdaMax's bias correction). */
  readonly epoch: number;
  /** Draws the epoch's shuffle. */
  readonly random: () => number;
}

/**
 * Trains a @descent/layers model in shuffled minibatches with **no synchronous read**, so that it
 * works on every tfjs backend. (`trainStep` from @descent/layers reads each loss with
 * `dataSync()`: tfjs-backend-webgpu cannot do that in Node, where it throws for want of an
 * OffscreenCanvas, and in headless Chromium on SwiftShader it returns zeros and loses the device.)
 * The gradients come from `tf.variableGrads` and reach the optimizer through this trainer's own
 * view of the model's parameter layers, with the same names and class names, so MultiOptimizer
 * routes as usual; the optimizer keeps its states in that view's entries.
 */
export class MinibatchTrainer {
  readonly #view: { layers: Layer[]; entries: OwnedEntry[] } = { layers: [], entries: [] };
  readonly #model: Sequential;
  readonly #optimizer: Optimizer;

  constructor(model: Sequential, optimizer: Optimizer) {
    this.#model = model;
    this.#optimizer = optimizer;
    viewOf(model, this.#view);
  }

  /**
   * One pass over the data, one `optimize` call per minibatch. With a `sum` loss Descent's
   * `backend.batchSize` is set to each minibatch's row count (the last one may be smaller), so
   * the optimizers see neon's batch-mean gradient; with `mean` it is set to 1. Returns the mean
   * per-sample loss of the epoch (each minibatch's before its update) as a scalar tensor: read it
   * with `await loss.data()` and dispose it.
   */
  epoch({ data, batchSize, reduction, epoch, random }: EpochOptions): tf.Scalar {
    const count = data.x.shape[0];
    const order = shuffledIndices(count, random);
    const params = this.#view.entries.map((e) => e.param);
    const backend = getBackend();
    let total: tf.Scalar = tf.scalar(0);
    for (let start = 0; start < count; start += batchSize) {
      const rows = order.subarray(start, Math.min(start + batchSize, count));
      const { value, grads } = tf.tidy(() => {
        const indices = tf.tensor1d(rows, 'int32');
        const [xb, yb] = [tf.gather(data.x, indices) as tf.Tensor2D, tf.gather(data.y, indices) as tf.Tensor2D];
        return tf.variableGrads(() => crossEntropy(this.#model, xb, yb, reduction), params);
      });
      for (const entry of this.#view.entries) {
        entry.grad.dispose();
        entry.grad = grads[entry.param.name]!;
      }
      backend.batchSize = reduction === 'sum' ? rows.length : 1;
      this.#optimizer.optimize(this.#view.layers, epoch);
      const next = tf.tidy(() => tf.add(total, reduction === 'sum' ? value : tf.mul(value, rows.length)) as tf.Scalar);
      tf.dispose([total, value]);
      total = next;
    }
    const mean = tf.div(total, count) as tf.Scalar;
    total.dispose();
    return mean;
  }

  /** Frees the gradients (the optimizer frees the states it made, on its `dispose()`). */
  dispose(): void {
    tf.dispose(this.#view.entries.map((e) => e.grad));
  }
}
