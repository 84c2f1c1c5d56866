import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsBackend, getBackend, setBackend } from '@descent/core';
import { buildClassifier, datasetTensors, generateDataset, OPTIMIZERS, seededRandom, trainEpoch } from '@descent/example-kit';

describe('trainEpoch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    setBackend(createOpsBackend());
  });
  afterAll(() => setBackend(createOpsBackend()));

  it('lowers the loss of the classifier on moons, and leaves the batch size as the reduction needs', () => {
    const data = datasetTensors(generateDataset('moons', { count: 200, seed: 1 }));
    for (const reduction of ['sum', 'mean'] as const) {
      const model = buildClassifier({ hidden: [16], activation: 'rectlin', seed: 3 });
      const optimizer = OPTIMIZERS.adam.create({ learningRate: 0.02 });
      const random = seededRandom(1);
      const losses = Array.from({ length: 8 }, (_, epoch) => trainEpoch({ model, optimizer, data, batchSize: 64, reduction, epoch, random }));
      expect(losses[0]!.steps).toBe(4);
      expect(losses[0]!.samples).toBe(200);
      expect(losses.at(-1)!.loss).toBeLessThan(losses[0]!.loss * 0.8);
      // 200 = 3 * 64 + 8: the last minibatch of a summed loss has 8 rows.
      expect(getBackend().batchSize).toBe(reduction === 'sum' ? 8 : 1);
      optimizer.dispose();
      model.dispose();
    }
    tf.dispose([data.x, data.y]);
  });
});
