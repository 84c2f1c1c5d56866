import { Adam } from '@descent/adam';
import { getParamList, type Layer, Optimizer, type GroupedOptimizerState, type ParamsOptimizerState } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { RMSProp } from '@descent/rmsprop';
import { asTfOptimizer, layersFromModel, trackEpochs } from '@descent/tfjs-adapter';
import { beforeAll, describe, expect, it } from 'vitest';
import { loss, regressionData, regressionModel, tf } from './support.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

/** Variable names without tfjs' uniqueness suffix (models are built several times in one process). */
const base = (names: string[]) => names.map((n) => n.replace(/_\d+$/, '')).sort();

const FIT = { epochs: 30, batchSize: 32, shuffle: false, verbose: 0 } as const;

describe('model.compile + model.fit with a Descent optimizer', () => {
  it('Adam: the loss falls at least 50x in 30 epochs', async () => {
    const { xs, ys } = regressionData();
    const model = regressionModel();
    const optimizer = asTfOptimizer(new Adam({ learningRate: 0.02 }), { model });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const before = loss(model, xs, ys);
    await model.fit(xs, ys, { ...FIT, callbacks: [trackEpochs(optimizer)] });
    const after = loss(model, xs, ys);
    expect(after).toBeLessThan(before / 50); // measured: ~120x
    expect(optimizer.iterations).toBe(30 * 8);
    expect((optimizer.optimizer as Adam).t).toBe(30 * 8);
    optimizer.dispose();
    model.dispose();
  });

  it('MultiOptimizer by layer class and name: routes hidden to SGD (Dense) and my_head to RMSProp, and the loss falls 50x', async () => {
    const { xs, ys } = regressionData();
    const model = regressionModel();
    const adam = new Adam({ learningRate: 0.02 });
    const sgd = new GradientDescentMomentum({ learningRate: 0.1, momentumCoef: 0.9 });
    const rmsprop = new RMSProp({ learningRate: 0.01 });
    const multi = new MultiOptimizer({ default: adam, Dense: sgd, my_head: rmsprop });
    const optimizer = asTfOptimizer(multi, { model });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const before = loss(model, xs, ys);
    await model.fit(xs, ys, { ...FIT, callbacks: [trackEpochs(optimizer)] });
    expect(loss(model, xs, ys)).toBeLessThan(before / 50);
    const state = optimizer.getState() as GroupedOptimizerState;
    expect(base(Object.keys((state.groups.Dense as ParamsOptimizerState).params))).toEqual(['hidden/bias', 'hidden/kernel']);
    expect(base(Object.keys((state.groups.my_head as ParamsOptimizerState).params))).toEqual(['my_head/bias', 'my_head/kernel']);
    expect((state.groups.default as ParamsOptimizerState).params).toEqual({});
    expect(adam.t).toBe(0);
    optimizer.dispose();
    model.dispose();
  });

  it('routes by class when no name matches: every Dense layer to one optimizer', async () => {
    const { xs, ys } = regressionData(3);
    const model = regressionModel(4);
    const sgd = new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.9 });
    const optimizer = asTfOptimizer(new MultiOptimizer({ default: new Adam(), Dense: sgd }), { model });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    const before = loss(model, xs, ys);
    await model.fit(xs, ys, FIT);
    expect(loss(model, xs, ys)).toBeLessThan(before / 50);
    expect(base(Object.keys((sgd.getState() as ParamsOptimizerState).params))).toEqual(['hidden/bias', 'hidden/kernel', 'my_head/bias', 'my_head/kernel']);
    optimizer.dispose();
    model.dispose();
  });

  it('leaks no tensors per step', async () => {
    const { xs, ys } = regressionData(5);
    const model = regressionModel(6);
    const optimizer = asTfOptimizer(new MultiOptimizer({ default: new Adam(), my_head: new RMSProp() }), { model });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await model.fit(xs, ys, { ...FIT, epochs: 1 });
    const after1 = tf.memory().numTensors;
    await model.fit(xs, ys, { ...FIT, epochs: 20 });
    expect(tf.memory().numTensors).toBe(after1);
    optimizer.dispose();
    model.dispose();
  });

  it('trackEpochs hands fit epochs (from initialEpoch) to optimize()', async () => {
    const epochs: number[] = [];
    class Spy extends Optimizer {
      override optimize(layerList: readonly Layer[], epoch: number): void {
        expect(getParamList(layerList).length).toBe(4);
        epochs.push(epoch);
      }
    }
    const { xs, ys } = regressionData();
    const model = regressionModel();
    const optimizer = asTfOptimizer(new Spy(), { model });
    model.compile({ optimizer, loss: 'meanSquaredError' });
    await model.fit(xs, ys, { epochs: 3, batchSize: 128, verbose: 0, callbacks: [trackEpochs(optimizer)] });
    await model.fit(xs, ys, { epochs: 5, initialEpoch: 3, batchSize: 128, verbose: 0, callbacks: [trackEpochs(optimizer)] });
    expect(epochs).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    model.dispose();
  });
});

describe('layersFromModel', () => {
  it('names layers and classes as tfjs does, nested models as containers, params by variable', () => {
    const inner = tf.sequential({ name: 'block', layers: [tf.layers.dense({ inputShape: [3], units: 2, name: 'inner_dense' })] });
    const model = tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [6, 1], filters: 2, kernelSize: 3, name: 'conv' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 3, name: 'd', useBias: false }),
        inner,
        tf.layers.dropout({ rate: 0.1, name: 'drop' }),
      ],
    });
    const layers = layersFromModel(model);
    expect(layers.map((l) => [l.name, l.className])).toEqual([
      ['conv', 'Conv1D'], ['flat', 'Flatten'], ['d', 'Dense'], ['block', 'Sequential'], ['drop', 'Dropout'],
    ]);
    expect(layers[3]!.layers!.map((l) => [l.name, l.className])).toEqual([['inner_dense', 'Dense']]);
    expect(getParamList(layers).map((e) => e.param.name.replace(/_\d+$/, ''))).toEqual(['conv/kernel', 'conv/bias', 'd/kernel', 'inner_dense/kernel', 'inner_dense/bias']);
    expect(getParamList(layers)[0]!.param).toBe(model.layers[0]!.trainableWeights[0]!.read());
    const multi = new MultiOptimizer({ default: new Adam(), Dense: new RMSProp() });
    expect(multi.route(layers).map((g) => g.layers.map((l) => l.name))).toEqual([['conv'], ['d', 'inner_dense']]);
    model.dispose();
  });
});
