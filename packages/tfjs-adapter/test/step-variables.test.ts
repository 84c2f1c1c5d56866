import { Adam } from '@descent/adam';
import { InvalidTensorError, type ParamsOptimizerState, SpecificationVersionError, StateError } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { MultiOptimizer } from '@descent/multi-optimizer';
import { asTfOptimizer, stepVariables, trackEpochs } from '@descent/tfjs-adapter';
import { beforeAll, describe, expect, it } from 'vitest';
import { loss, regressionData, regressionModel, seeded, tf, weightBits } from './support.js';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('stepVariables (a plain tf.variableGrads loop)', () => {
  it('steps every variable in one call, keeps states by variable name, and the loss falls', () => {
    const next = seeded(9);
    const xs = tf.tensor2d(Array.from({ length: 64 }, () => [2 * next() - 1, 2 * next() - 1]));
    const ys = tf.tidy(() => xs.matMul(tf.tensor2d([[1.5], [-2]])).add(0.3));
    const w = tf.variable(tf.zeros([2, 1]), true, 'loop/w');
    const b = tf.variable(tf.zeros([1]), true, 'loop/b');
    const adam = new Adam({ learningRate: 0.05 });
    const mse = () => tf.losses.meanSquaredError(ys, xs.matMul(w).add(b)) as tf.Scalar;
    const first = tf.tidy(() => mse().dataSync()[0]!);
    for (let step = 0; step < 300; step++) {
      const result = tf.variableGrads(mse);
      stepVariables(adam, result, { epoch: 0 });
      tf.dispose([result.value, ...Object.values(result.grads)]);
    }
    const last = tf.tidy(() => mse().dataSync()[0]!);
    expect(last).toBeLessThan(first / 100);
    expect(adam.t).toBe(300);
    expect(Object.keys((adam.getState() as ParamsOptimizerState).params)).toEqual(['loop/w', 'loop/b']);
    tf.dispose([xs, ys, w, b]);
    adam.dispose();
  });

  it('without a model, each variable is a layer of its own: MultiOptimizer routes by variable name', () => {
    const a = tf.variable(tf.ones([3]), true, 'route/a');
    const c = tf.variable(tf.ones([3]), true, 'route/c');
    const sgd = new GradientDescentMomentum({ learningRate: 0.5 });
    const adam = new Adam();
    const multi = new MultiOptimizer({ default: adam, 'route/c': sgd });
    const grads = { 'route/a': tf.ones([3]), 'route/c': tf.ones([3]) };
    stepVariables(multi, { grads }, { epoch: 0 });
    expect(Array.from(c.dataSync())).toEqual([0.5, 0.5, 0.5]);
    expect(adam.t).toBe(1);
    expect(Object.keys((adam.getState() as ParamsOptimizerState).params)).toEqual(['route/a']);
    tf.dispose([a, c, ...Object.values(grads)]);
  });

  it('skips null gradients, and names a gradient without a variable', () => {
    const v = tf.variable(tf.ones([2]), true, 'skip/v');
    const u = tf.variable(tf.ones([2]), true, 'skip/u');
    const sgd = new GradientDescentMomentum({ learningRate: 1 });
    const g = tf.ones([2]);
    stepVariables(sgd, { grads: [{ name: 'skip/v', tensor: g }, { name: 'skip/u', tensor: null }] as never }, { epoch: 0 });
    expect(Array.from(v.dataSync())).toEqual([0, 0]);
    expect(Array.from(u.dataSync())).toEqual([1, 1]);
    expect(() => stepVariables(sgd, { grads: { 'skip/ghost': g } }, { epoch: 0 })).toThrow(InvalidTensorError);
    expect(() => stepVariables(sgd, { grads: { 'skip/v': g } }, { epoch: -1 })).toThrow(/epoch/);
    tf.dispose([v, u, g]);
  });

  it('refuses an optimizer built for another specification version, before stepping', () => {
    const v = tf.variable(tf.ones([2]), true, 'version/v');
    const g = tf.ones([2]);
    const foreign = Object.assign(new GradientDescentMomentum({ learningRate: 1 }), { specificationVersion: 'v2' });
    expect(() => stepVariables(foreign, { grads: { 'version/v': g } }, { epoch: 0 })).toThrow(SpecificationVersionError);
    expect(() => asTfOptimizer(foreign)).toThrow(/DescentOptimizer: "optimizer" declares specificationVersion "v2"/);
    expect(Array.from(v.dataSync())).toEqual([1, 1]);
    tf.dispose([v, g]);
  });
});

describe('DescentOptimizer checkpoints', () => {
  it('fit N epochs straight = fit k, getState -> JSON -> new optimizer, fit N-k (bit-identical weights)', async () => {
    const { xs, ys } = regressionData(7);
    const model = regressionModel(8);
    const initial = model.getWeights().map((w) => w.clone());
    const fit = (optimizer: ReturnType<typeof asTfOptimizer>, epochs: number, initialEpoch = 0) =>
      model.fit(xs, ys, { epochs, initialEpoch, batchSize: 64, shuffle: false, verbose: 0, callbacks: [trackEpochs(optimizer)] });
    const make = () => {
      const multi = new MultiOptimizer({ default: new Adam({ learningRate: 0.01 }), my_head: new GradientDescentMomentum({ learningRate: 0.05, momentumCoef: 0.9, nesterov: true }) });
      const optimizer = asTfOptimizer(multi, { model });
      model.compile({ optimizer, loss: 'meanSquaredError' });
      return optimizer;
    };
    const straight = make();
    await fit(straight, 6);
    const expected = weightBits(model);
    straight.dispose();

    model.setWeights(initial);
    const first = make();
    await fit(first, 2);
    const text = JSON.stringify(first.getState());
    const weights = model.getWeights().map((w) => w.clone());
    first.dispose();

    model.setWeights(initial.map((w) => tf.zerosLike(w))); // anything: the checkpoint's weights come back next
    model.setWeights(weights);
    const resumed = make();
    resumed.setState(JSON.parse(text));
    await fit(resumed, 6, 2);
    expect(weightBits(model)).toEqual(expected);
    expect(loss(model, xs, ys)).toBeLessThan(1);
    resumed.dispose();
    model.dispose();
  });

  it('tfjs getWeights/setWeights reject with a StateError; getConfig is JSON', async () => {
    const model = regressionModel();
    const optimizer = asTfOptimizer(new Adam({ learningRate: 0.003 }), { model, epoch: 2 });
    await expect(optimizer.getWeights()).rejects.toThrow(StateError);
    await expect(optimizer.setWeights([])).rejects.toThrow(/setState/);
    expect(JSON.parse(JSON.stringify(optimizer.getConfig()))).toEqual({
      type: 'Adam',
      config: { learningRate: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, schedule: { type: 'Schedule', stepConfig: null, change: 1 } },
      epoch: 2,
    });
    expect(optimizer.getClassName()).toBe('DescentOptimizer');
    model.dispose();
  });
});
