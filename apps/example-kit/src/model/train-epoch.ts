import * as tf from '@tensorflow/tfjs';
import { getBackend, type Optimizer } from '@descent/core';
import { type Sequential, trainStep } from '@descent/layers';
import { shuffledIndices } from '../random.js';
import { crossEntropy, type LossReduction } from './loss.js';
import type { DatasetTensors } from './tensors.js';

/** Options of {@link trainEpoch}. */
export interface TrainEpochOptions {
  readonly model: Sequential;
  readonly optimizer: Optimizer;
  readonly data: DatasetTensors;
  readonly batchSize: number;
  readonly reduction: LossReduction;
  /** 0-based; passed to `optimize` (schedules, ShiftAdaMax's bias correction). */
  readonly epoch: number;
  /** Draws the epoch's shuffle. */
  readonly random: () => number;
}

/** What one epoch did. */
export interface EpochResult {
  /** Mean per-sample loss over the epoch, each minibatch's loss taken before its update. */
  readonly loss: number;
  readonly samples: number;
  readonly steps: number;
}

/**
 * One pass over `data` in shuffled minibatches, one `trainStep` each. With a `sum` loss the
 * Descent backend's `batchSize` is set to each minibatch's row count (the last one may be
 * smaller), so the optimizers see neon's batch-mean gradient; with `mean` it is set to 1.
 */
export function trainEpoch({ model, optimizer, data, batchSize, reduction, epoch, random }: TrainEpochOptions): EpochResult {
  const count = data.x.shape[0];
  const order = shuffledIndices(count, random);
  const backend = getBackend();
  let total = 0;
  let steps = 0;
  for (let start = 0; start < count; start += batchSize) {
    const rows = order.subarray(start, Math.min(start + batchSize, count));
    const indices = tf.tensor1d(rows, 'int32');
    const xb = tf.gather(data.x, indices) as tf.Tensor2D;
    const yb = tf.gather(data.y, indices) as tf.Tensor2D;
    backend.batchSize = reduction === 'sum' ? rows.length : 1;
    const loss = trainStep({ model, optimizer, loss: () => crossEntropy(model, xb, yb, reduction), epoch });
    total += reduction === 'sum' ? loss : loss * rows.length;
    steps += 1;
    tf.dispose([indices, xb, yb]);
  }
  return { loss: total / count, samples: count, steps };
}
