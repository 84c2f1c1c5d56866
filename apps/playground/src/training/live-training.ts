import * as tf from '@tensorflow/tfjs';
import {
  accuracy,
  buildClassifier,
  type Dataset,
  datasetTensors,
  type Hyperparameters,
  type OptimizerName,
  OPTIMIZERS,
  seededRandom,
  trainEpoch,
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
  readonly loss: number;
  readonly accuracy: number;
  /** P(class 1) on a grid, every few epochs and after the last. */
  readonly grid?: ProbabilityGrid;
}

const GRID = 60;
const MAP_EVERY = 5;

function probabilityGrid(forward: (x: tf.Tensor2D) => tf.Tensor): ProbabilityGrid {
  const values = tf.tidy(() => {
    const centres = tf.add(-EXTENT, tf.mul((2 * EXTENT) / GRID, tf.add(tf.range(0, GRID), 0.5)));
    const [x, y] = tf.meshgrid(centres, centres);
    const points = tf.stack([x!.flatten(), y!.flatten()], 1) as tf.Tensor2D;
    return tf.slice(forward(points), [0, 1], [-1, 1]).flatten();
  });
  const data = values.dataSync() as Float32Array;
  values.dispose();
  return { size: GRID, values: data };
}

/**
 * Trains the example classifier (from @descent/layers) on `kind`'s backend, one epoch per
 * animation frame so the page stays live, and reports each epoch. `shouldStop` ends it early.
 */
export async function trainLive(
  backends: PageBackends,
  kind: BackendKind,
  options: LiveTrainingOptions,
  onEpoch: (report: EpochReport) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const setup = await withBackend(backends, kind, () => ({
    tensors: datasetTensors(options.data),
    model: buildClassifier({ hidden: [32, 32], activation: 'rectlin', seed: options.seed }),
    optimizer: OPTIMIZERS[options.optimizer].create(options.values),
  }));
  const { tensors, model, optimizer } = setup;
  try {
    for (let epoch = 0; epoch < options.epochs && !shouldStop(); epoch++) {
      const report = await withBackend(backends, kind, () => {
        const random = seededRandom(options.seed * 7919 + epoch);
        const result = trainEpoch({ model, optimizer, data: tensors, batchSize: options.batchSize, reduction: 'sum', epoch, random });
        const last = epoch === options.epochs - 1;
        return {
          epoch: epoch + 1,
          loss: result.loss,
          accuracy: accuracy(model, tensors.x, tensors.y),
          ...(epoch % MAP_EVERY === 0 || last ? { grid: probabilityGrid((x) => model.forward(x)) } : {}),
        };
      });
      onEpoch(report);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  } finally {
    await withBackend(backends, kind, () => {
      optimizer.dispose();
      model.dispose();
      tf.dispose([tensors.x, tensors.y]);
    });
  }
}
