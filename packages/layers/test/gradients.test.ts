import * as tf from '@tensorflow/tfjs';
import { BackendError, InvalidOptionError, InvalidTensorError, type Layer, SpecificationVersionError } from '@descent/core';
import { GradientDescentMomentum } from '@descent/gradient-descent-momentum';
import { Affine, Bias, computeGradients, Constant, Linear, Sequential, trainStep, Uniform } from '@descent/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from './setup.js';

beforeAll(useCpu);

const X = [
  [1, -2, 0.5],
  [-1, 0.25, 3],
];

function gradOf(layer: Linear | Bias): number[] {
  return Array.from(layer.getParams()[0]!.grad.dataSync());
}

describe('computeGradients', () => {
  it('stores d(loss)/d(param) in each entry and returns the loss', () => {
    const linear = new Linear({ nout: 2, init: new Uniform({ low: -1, high: 1, seed: 11 }) });
    const bias = new Bias({ init: new Constant({ val: 0.25 }) });
    const model = new Sequential({ layers: [linear, bias], inputSize: 3 });
    const x = tf.tensor2d(X);
    // loss = 0.5 * sum(y^2), y = x W + b  =>  dW = x^T y, db = column sums of y.
    const loss = computeGradients(model, () => tf.mul(0.5, tf.sum(tf.square(model.forward(x)))));
    const w = linear.param!.arraySync() as number[][];
    const y = X.map((row) => [0, 1].map((j) => row.reduce((s, v, k) => s + v * w[k]![j]!, 0) + 0.25));
    expect(loss).toBeCloseTo(0.5 * y.flat().reduce((s, v) => s + v * v, 0), 4);
    const dW = [0, 1, 2].flatMap((k) => [0, 1].map((j) => X.reduce((s, row, i) => s + row[k]! * y[i]![j]!, 0)));
    gradOf(linear).forEach((g, i) => expect(g).toBeCloseTo(dW[i]!, 4));
    const db = [0, 1].map((j) => y[0]![j]! + y[1]![j]!);
    gradOf(bias).forEach((g, i) => expect(g).toBeCloseTo(db[i]!, 4));
    x.dispose();
    model.dispose();
  });

  it('starts every grad at zeros, replaces it on each call and disposes the old one', () => {
    const linear = new Linear({ nout: 1, init: new Constant({ val: 1 }) });
    linear.build(3);
    const entry = linear.getParams()[0]!;
    const initial = entry.grad;
    expect(Array.from(initial.dataSync())).toEqual([0, 0, 0]);
    const x = tf.tensor2d([[1, 2, 3]]);
    computeGradients(linear, () => tf.sum(linear.forward(x)));
    expect(initial.isDisposed).toBe(true);
    const first = entry.grad;
    expect(Array.from(first.dataSync())).toEqual([1, 2, 3]);
    expect(linear.getParams()[0]).toBe(entry); // the same entry, so its states persist
    computeGradients([linear], () => tf.sum(tf.mul(2, linear.forward(x))));
    expect(first.isDisposed).toBe(true);
    expect(Array.from(entry.grad.dataSync())).toEqual([2, 4, 6]);
    x.dispose();
    linear.dispose();
  });

  it('gives a zero gradient to a param the loss does not use', () => {
    const used = new Linear({ nout: 1, init: new Constant({ val: 1 }) });
    const unused = new Bias({ init: new Constant({ val: 5 }) });
    used.build(2);
    unused.build(2);
    const x = tf.tensor2d([[3, 4]]);
    computeGradients([used, unused], () => tf.sum(used.forward(x)));
    expect(gradOf(unused)).toEqual([0, 0]);
    expect(gradOf(used)).toEqual([3, 4]);
    x.dispose();
    used.dispose();
    unused.dispose();
  });

  it('rejects an unbuilt model, a loss that is not a function and foreign params', () => {
    const unbuilt = new Sequential({ layers: [new Affine({ nout: 2 })] });
    expect(() => computeGradients(unbuilt, () => tf.scalar(0))).toThrow(InvalidOptionError);
    expect(() => computeGradients(unbuilt, () => tf.scalar(0))).toThrow(/no weights yet/);
    const built = new Linear({ nout: 1 });
    built.build(1);
    expect(() => computeGradients(built, 'loss' as never)).toThrow(/"lossFn"/);
    expect(() => computeGradients(built, () => tf.mul(built.param!, 2))).toThrow(InvalidTensorError);
    expect(() => computeGradients(built, () => tf.mul(built.param!, 2))).toThrow(/must return a scalar tensor, got shape \[1,1\]/);
    const foreign: Layer = { name: 'foreign', getParams: () => [{ param: built.param!, grad: tf.zeros([1, 1]), states: [] }] };
    expect(() => computeGradients([foreign], () => tf.scalar(0))).toThrow(/does not belong to a @descent\/layers layer/);
    built.dispose();
  });

  it('turns a missing gradient function into a BackendError that says what to import', () => {
    const linear = new Linear({ nout: 3, init: new Constant({ val: 1 }) });
    linear.build(2);
    const x = tf.tensor2d([[1, 2]]);
    // TopK has no gradient in tfjs, just as every op lacks one when only tfjs-core is loaded.
    const lossFn = () => tf.sum(tf.topk(linear.forward(x), 1).values);
    expect(() => computeGradients(linear, lossFn)).toThrow(BackendError);
    expect(() => computeGradients(linear, lossFn)).toThrow(/@tensorflow\/tfjs/);
    x.dispose();
    linear.dispose();
  });
});

describe('trainStep', () => {
  it('leaks no tensor: tf.memory().numTensors is the same after 1 and after 50 more steps', () => {
    const model = new Sequential({
      layers: [new Affine({ nout: 8, bias: true, init: new Uniform({ low: -0.5, high: 0.5, seed: 5 }) }), new Affine({ nout: 1, bias: true })],
      inputSize: 4,
    });
    const optimizer = new GradientDescentMomentum({ learningRate: 0.01, momentumCoef: 0.9 });
    const x = tf.randomNormal([16, 4], 0, 1, 'float32', 1);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 2);
    const loss = () => tf.losses.meanSquaredError(y, model.forward(x));
    trainStep({ model, optimizer, loss, epoch: 0 }); // creates the velocity states once
    const after1 = tf.memory().numTensors;
    for (let step = 0; step < 50; step++) trainStep({ model, optimizer, loss, epoch: 0 });
    expect(tf.memory().numTensors).toBe(after1);
    optimizer.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  });

  it('checks the epoch and the optimizer before computing anything', () => {
    const linear = new Linear({ nout: 1 });
    linear.build(1);
    const before = linear.getParams()[0]!.grad;
    const loss = () => tf.sum(linear.param!);
    expect(() => trainStep({ model: linear, optimizer: {} as never, loss, epoch: 0 })).toThrow(/"optimizer"/);
    expect(() => trainStep({ model: linear, optimizer: new GradientDescentMomentum({ learningRate: 1 }), loss, epoch: -1 })).toThrow(/"epoch"/);
    // A plugin built against a core that speaks another contract version.
    const foreign = Object.assign(new GradientDescentMomentum({ learningRate: 1 }), { specificationVersion: 'v0' });
    expect(() => trainStep({ model: linear, optimizer: foreign as never, loss, epoch: 0 })).toThrow(SpecificationVersionError);
    expect(() => trainStep({ model: linear, optimizer: foreign as never, loss, epoch: 0 })).toThrow(/"v0".*"v1"/);
    expect(linear.getParams()[0]!.grad).toBe(before);
    linear.dispose();
  });
});
