import * as tf from '@tensorflow/tfjs';
import { getParamList, type Layer } from '@descent/core';
import { RMSProp } from '@descent/rmsprop';
import {
  Affine, computeGradients, computeGradientsAsync, GlorotUniform, resetLayerCounters, Sequential, Softmax, Tanh, trainStep,
  trainStepAsync,
} from '@descent/layers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededRandom, useCpu } from './setup.js';
import { SpyOptimizer } from './spy-optimizer.js';

beforeAll(useCpu);
afterEach(() => vi.restoreAllMocks());

function model(): Sequential {
  const init = new GlorotUniform({ seed: 7 });
  return new Sequential({
    layers: [new Affine({ nout: 8, init, bias: true, activation: new Tanh() }), new Affine({ nout: 3, init, bias: true, activation: new Softmax() })],
    inputSize: 4,
  });
}

function batch(seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const random = seededRandom(seed);
  const x = Array.from({ length: 16 }, () => Array.from({ length: 4 }, () => random() * 2 - 1));
  const y = x.map((row) => [0, 1, 2].map((k) => (k === (row[0]! > 0 ? 0 : row[1]! > 0 ? 1 : 2) ? 1 : 0)));
  return { x: tf.tensor2d(x), y: tf.tensor2d(y) };
}

const crossEntropy = (net: Sequential, { x, y }: { x: tf.Tensor; y: tf.Tensor }) => () =>
  tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.add(net.forward(x), 1e-7))), 1)));

async function weights(net: Sequential): Promise<Float32Array[]> {
  return Promise.all(getParamList([net]).map((e) => e.param.data() as Promise<Float32Array>));
}

describe('trainStepAsync and computeGradientsAsync', () => {
  it('take the same steps as trainStep, bit for bit, over 20 minibatches, and never read synchronously', async () => {
    resetLayerCounters();
    const [syncNet, asyncNet] = [model(), model()];
    const [syncOpt, asyncOpt] = [new RMSProp({ learningRate: 0.01 }), new RMSProp({ learningRate: 0.01 })];
    const batches = Array.from({ length: 20 }, (_, k) => batch(100 + k));
    const syncLosses = batches.map((b, epoch) => trainStep({ model: syncNet, optimizer: syncOpt, loss: crossEntropy(syncNet, b), epoch }));

    const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const arraySync = vi.spyOn(tf.Tensor.prototype, 'arraySync');
    const asyncLosses: number[] = [];
    for (const [epoch, b] of batches.entries()) {
      asyncLosses.push(await trainStepAsync({ model: asyncNet, optimizer: asyncOpt, loss: crossEntropy(asyncNet, b), epoch }));
    }
    expect(dataSync).not.toHaveBeenCalled();
    expect(arraySync).not.toHaveBeenCalled();
    vi.restoreAllMocks();

    expect(asyncLosses).toEqual(syncLosses);
    expect(syncLosses[19]!).toBeLessThan(syncLosses[0]!);
    expect(await weights(asyncNet)).toEqual(await weights(syncNet));
    for (const net of [syncNet, asyncNet]) net.dispose();
    for (const opt of [syncOpt, asyncOpt]) opt.dispose();
    batches.forEach((b) => tf.dispose([b.x, b.y]));
  });

  it('computeGradientsAsync stores the same gradients as computeGradients and leaks nothing', async () => {
    resetLayerCounters();
    const net = model();
    const b = batch(5);
    const loss = computeGradients(net, crossEntropy(net, b));
    const grads = await Promise.all(getParamList([net]).map((e) => e.grad.data()));
    const before = tf.memory().numTensors;
    const again = await computeGradientsAsync(net, crossEntropy(net, b));
    expect(again).toBe(loss);
    expect(await Promise.all(getParamList([net]).map((e) => e.grad.data()))).toEqual(grads);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    tf.dispose([b.x, b.y]);
  });

  it('disposes the loss when the optimizer throws, and rejects with its error', async () => {
    resetLayerCounters();
    const net = model();
    const b = batch(9);
    class Failing extends SpyOptimizer {
      override optimize(layerList: readonly Layer[]): void {
        super.optimize(layerList);
        throw new Error('optimizer failed');
      }
    }
    const optimizer = new Failing();
    computeGradients(net, crossEntropy(net, b)); // grads exist: the tensor count below is steady
    const before = tf.memory().numTensors;
    await expect(trainStepAsync({ model: net, optimizer, loss: crossEntropy(net, b), epoch: 0 })).rejects.toThrow('optimizer failed');
    expect(optimizer.calls).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    tf.dispose([b.x, b.y]);
  });
});
