import * as tf from '@tensorflow/tfjs';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { Affine, GlorotUniform, Rectlin, resetLayerCounters, Sequential, Softmax, trainStep } from '@descent/layers';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, useCpu } from './setup.js';

beforeAll(useCpu);

/** Two classes of 2-D points split by the line x0 - 0.5 x1 = 0.1, with a margin around it. */
function separableData(count: number, seed: number): { x: number[][]; y: number[][] } {
  const random = seededRandom(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  while (x.length < count) {
    const p = [random() * 4 - 2, random() * 4 - 2];
    const side = p[0]! - 0.5 * p[1]! - 0.1;
    if (Math.abs(side) < 0.2) continue;
    x.push(p);
    y.push(side > 0 ? [1, 0] : [0, 1]);
  }
  return { x, y };
}

/** Mean cross-entropy of softmax outputs `p` against one-hot `y`. */
function crossEntropy(y: tf.Tensor, p: tf.Tensor): tf.Tensor {
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))), 1)));
}

describe("neon's docs example, trained end to end", () => {
  it('a MultiOptimizer over the three Affines lowers the loss at least twentyfold, leaking nothing', () => {
    resetLayerCounters();
    // neon: optimizer_A, optimizer_B = GradientDescentMomentum(0.01 / 0.05, momentum 0.9),
    // optimizer_C = RMSProp(learning_rate=0.1).
    const optimizerA = new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9 });
    const optimizerB = new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.9 });
    const optimizerC = new RMSProp({ learningRate: 0.1 });
    const optimizer = new MultiOptimizer({ default: optimizerA, Linear: optimizerB, layer_two: optimizerC });
    const init = new GlorotUniform({ seed: 42 });
    // neon's layer_one is a Conv; there is no Conv here, so it is an Affine.
    const model = new Sequential({
      layers: [
        new Affine({ nout: 16, init, bias: true, activation: new Rectlin(), name: 'layer_one' }),
        new Affine({ nout: 16, init, bias: true, activation: new Rectlin(), name: 'layer_two' }),
        new Affine({ nout: 2, init, bias: true, activation: new Softmax(), name: 'layer_three' }),
      ],
      inputSize: 2,
    });
    expect(optimizer.route([model]).map((g) => g.layers.map((l) => l.name))).toEqual([
      ['layer_one', 'layer_three'],
      ['layer_one_bias', 'layer_two_bias', 'layer_three_bias'],
      ['layer_two'],
    ]);

    const data = separableData(300, 2024);
    const xAll = tf.tensor2d(data.x);
    const yAll = tf.tensor2d(data.y);
    const batchSize = 30;
    const batches = Array.from({ length: data.x.length / batchSize }, (_, b) => ({
      x: tf.slice(xAll, [b * batchSize, 0], [batchSize, 2]),
      y: tf.slice(yAll, [b * batchSize, 0], [batchSize, 2]),
    }));
    const fullLoss = () => tf.tidy(() => crossEntropy(yAll, model.forward(xAll)).dataSync()[0]!);
    const accuracy = () =>
      tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(model.forward(xAll), 1), tf.argMax(yAll, 1)), 'float32')).dataSync()[0]!);

    const initialLoss = fullLoss();
    let tensorsAfterFirstStep = -1;
    for (let epoch = 0; epoch < 25; epoch++) {
      for (const batch of batches) {
        trainStep({ model, optimizer, loss: () => crossEntropy(batch.y, model.forward(batch.x)), epoch });
        if (tensorsAfterFirstStep < 0) tensorsAfterFirstStep = tf.memory().numTensors;
      }
    }
    const finalLoss = fullLoss();

    expect(initialLoss).toBeGreaterThan(0.3); // an untrained 2-class softmax is near ln 2
    expect(finalLoss).toBeLessThan(initialLoss / 20);
    expect(accuracy()).toBeGreaterThanOrEqual(0.95);
    expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);

    optimizer.dispose();
    model.dispose();
    [xAll, yAll, ...batches.flatMap((b) => [b.x, b.y])].forEach((t) => t.dispose());
  });
});
