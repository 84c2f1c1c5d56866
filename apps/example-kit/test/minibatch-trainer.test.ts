import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpsBackend, getBackend, getParamList, setBackend } from '@descent/core';
import { trainStep } from '@descent/layers';
import { buildClassifier, crossEntropy, datasetTensors, generateDataset, MinibatchTrainer, OPTIMIZERS, seededRandom, shuffledIndices } from '@descent/example-kit';

describe('MinibatchTrainer', () => {
  const data = () => datasetTensors(generateDataset('moons', { count: 200, seed: 1 }));

  beforeAll(async () => {
    await tf.setBackend('cpu');
    setBackend(createOpsBackend());
  });
  afterAll(() => setBackend(createOpsBackend()));

  it('lowers the loss for every optimizer, and leaves the batch size as the reduction needs', async () => {
    const tensors = data();
    for (const name of ['adam', 'gdm', 'multi'] as const) {
      for (const reduction of ['sum', 'mean'] as const) {
        const model = buildClassifier({ hidden: [16], activation: 'rectlin', seed: 3 });
        const optimizer = OPTIMIZERS[name].create(name === 'gdm' ? {} : { learningRate: 0.02 });
        const trainer = new MinibatchTrainer(model, optimizer);
        const random = seededRandom(1);
        const losses: number[] = [];
        for (let epoch = 0; epoch < 8; epoch++) {
          const loss = trainer.epoch({ data: tensors, batchSize: 64, reduction, epoch, random });
          losses.push((await loss.data())[0]!);
          loss.dispose();
        }
        expect(losses.at(-1)!, `${name} ${reduction}`).toBeLessThan(losses[0]! * 0.8);
        // 200 = 3 * 64 + 8: the last minibatch of a summed loss has 8 rows.
        expect(getBackend().batchSize).toBe(reduction === 'sum' ? 8 : 1);
        trainer.dispose();
        optimizer.dispose();
        model.dispose();
      }
    }
    tf.dispose([tensors.x, tensors.y]);
  });

  it("steps exactly as @descent/layers' trainStep does, minibatch for minibatch", () => {
    const tensors = data();
    const run = (useTrainStep: boolean) => {
      const model = buildClassifier({ hidden: [8], activation: 'tanh', seed: 5 });
      const optimizer = OPTIMIZERS.multi.create({});
      if (useTrainStep) {
        const order = shuffledIndices(200, seededRandom(9));
        for (let start = 0; start < 200; start += 50) {
          const indices = tf.tensor1d(order.subarray(start, start + 50), 'int32');
          const [xb, yb] = [tf.gather(tensors.x, indices) as tf.Tensor2D, tf.gather(tensors.y, indices) as tf.Tensor2D];
          getBackend().batchSize = 50;
          trainStep({ model, optimizer, loss: () => crossEntropy(model, xb, yb, 'sum'), epoch: 0 });
          tf.dispose([indices, xb, yb]);
        }
      } else {
        const trainer = new MinibatchTrainer(model, optimizer);
        trainer.epoch({ data: tensors, batchSize: 50, reduction: 'sum', epoch: 0, random: seededRandom(9) }).dispose();
        trainer.dispose();
      }
      const params = getParamList([model]).map((entry) => Array.from(entry.param.dataSync()));
      optimizer.dispose();
      model.dispose();
      return params;
    };
    expect(run(false)).toEqual(run(true));
    tf.dispose([tensors.x, tensors.y]);
  });

  it('leaks no tensor from one epoch to the next', () => {
    const tensors = data();
    const model = buildClassifier({ hidden: [8], activation: 'rectlin', seed: 1 });
    const optimizer = OPTIMIZERS.adam.create({});
    const trainer = new MinibatchTrainer(model, optimizer);
    const random = seededRandom(2);
    trainer.epoch({ data: tensors, batchSize: 64, reduction: 'sum', epoch: 0, random }).dispose(); // creates the states
    const before = tf.memory().numTensors;
    trainer.epoch({ data: tensors, batchSize: 64, reduction: 'sum', epoch: 1, random }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    optimizer.dispose();
    model.dispose();
    tf.dispose([tensors.x, tensors.y]);
  });
});
