import * as tf from '@tensorflow/tfjs-core';
import {
  accuracyTensor,
  buildClassifier,
  type Dataset,
  datasetTensors,
  type Hyperparameters,
  MinibatchTrainer,
  type OptimizerName,
  OPTIMIZERS,
  seededRandom,
} from '@descent/example-kit';
import { type BackendKind, type PageBackends, withBackend } from '../backend/page-backends.js';
import { EXTENT, type ProbabilityGrid } from './decision-map.js';

/** What one live training run uses. */
export interface LiveTrainingOptions {
  readonly data: Dataset;
  readonly optimizer: OptimizerName;
  readonly values: Hyperparameters;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
}

/** What the page hears after each epoch. */
export interface EpochReport {
  readonly epoch: number;
  /** Mean per-sample training loss over the epoch (each minibatch's before its update). */
  readonly loss: number;
  readonly accuracy: number;
  /** P(class 1) on a grid, every few epochs and after the last. */
  readonly grid?: ProbabilityGrid;
}

const GRID = 60;
const MAP_EVERY = 5;

function gridProbabilities(forward: (x: tf.Tensor2D) => tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const centres = tf.add(-EXTENT, tf.mul((2 * EXTENT) / GRID, tf.add(tf.range(0, GRID), 0.5)));
    const [x, y] = tf.meshgrid(centres, centres);
    const points = tf.stack([tf.reshape(x!, [-1]), tf.reshape(y!, [-1])], 1) as tf.Tensor2D;
    return tf.reshape(tf.slice(forward(points), [0, 1], [-1, 1]), [-1]);
  });
}

/**
 * Trains the example classifier (from @descent/layers) on `kind`'s backend, one epoch per
 * animation frame so the page stays live, and reports each epoch. Every figure is read
 * asynchronously (tfjs-webgpu's synchronous reads fail in headless Chromium; see the kit's MinibatchTrainer). `shouldStop` ends the run early.
 */
export async function trainLive(
  backends: PageBackends,
  kind: BackendKind,
  options: LiveTrainingOptions,
  onEpoch: (report: EpochReport) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { tensors, model, optimizer, trainer } = await withBackend(backends, kind, () => {
    const model = buildClassifier({ hidden: [32, 32], activation: 'rectlin', seed: options.seed });
    const optimizer = OPTIMIZERS[options.optimizer].create(options.values);
    return { tensors: datasetTensors(options.data), model, optimizer, trainer: new MinibatchTrainer(model, optimizer) };
  });
  try {
    for (let epoch = 0; epoch < options.epochs && !shouldStop(); epoch++) {
      const withMap = epoch % MAP_EVERY === 0 || epoch === options.epochs - 1;
      const figures = await withBackend(backends, kind, () => {
        const random = seededRandom(options.seed * 7919 + epoch);
        return [trainer.epoch({ data: tensors, batchSize: options.batchSize, reduction: 'sum', epoch, random }), accuracyTensor(model, tensors.x, tensors.y), ...(withMap ? [gridProbabilities((x) => model.forward(x))] : [])];
      });
      const [loss, accuracy, grid] = await Promise.all(figures.map((t) => t.data()));
      tf.dispose(figures);
      onEpoch({ epoch: epoch + 1, loss: loss![0]!, accuracy: accuracy![0]!, ...(grid ? { grid: { size: GRID, values: grid as Float32Array } } : {}) });
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  } finally {
    await withBackend(backends, kind, () => {
      trainer.dispose();
      optimizer.dispose();
      model.dispose();
      tf.dispose([tensors.x, tensors.y]);
    });
  }
}
