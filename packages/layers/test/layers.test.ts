import * as tf from '@tensorflow/tfjs';
import { InvalidOptionError, InvalidTensorError, type Layer } from '@descent/core';
import {
  Activation,
  Affine,
  Bias,
  Constant,
  Gaussian,
  GlorotUniform,
  Identity,
  Linear,
  Logistic,
  Rectlin,
  Sequential,
  Softmax,
  Tanh,
  Uniform,
} from '@descent/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from './setup.js';

beforeAll(useCpu);

const X = [
  [1, -2, 0.5],
  [-1, 0.25, 3],
];

/** Plain-JS x·W for checking the layers' tfjs ops. */
function matMul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

function close(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
}

describe('forward passes', () => {
  it('Linear computes x W with W of shape [nin, nout], built from the first input', () => {
    const linear = new Linear({ nout: 2, init: new Uniform({ low: -1, high: 1, seed: 3 }) });
    expect(linear.built).toBe(false);
    expect(linear.getParams()).toEqual([]);
    const y = linear.forward(tf.tensor2d(X));
    expect(linear.param!.shape).toEqual([3, 2]);
    const w = linear.param!.arraySync() as number[][];
    close(y.arraySync() as number[][], matMul(X, w));
    y.dispose();
    linear.dispose();
  });

  it('Bias adds one value per feature', () => {
    const bias = new Bias({ init: new Constant({ val: 0.5 }) });
    const y = bias.forward(tf.tensor2d(X));
    close(y.arraySync() as number[][], X.map((row) => row.map((v) => v + 0.5)));
    expect(bias.param!.shape).toEqual([3]);
    bias.dispose();
  });

  it('Activation applies each transform', () => {
    const cases: [Activation, (row: number[]) => number[]][] = [
      [new Activation({ transform: new Rectlin() }), (r) => r.map((v) => Math.max(v, 0))],
      [new Activation({ transform: new Rectlin({ slope: 0.1 }) }), (r) => r.map((v) => (v > 0 ? v : 0.1 * v))],
      [new Activation({ transform: new Logistic() }), (r) => r.map((v) => 1 / (1 + Math.exp(-v)))],
      [new Activation({ transform: new Tanh() }), (r) => r.map(Math.tanh)],
      [new Activation({ transform: new Identity() }), (r) => r],
      [
        new Activation({ transform: new Softmax() }),
        (r) => {
          const e = r.map(Math.exp);
          const sum = e.reduce((s, v) => s + v, 0);
          return e.map((v) => v / sum);
        },
      ],
    ];
    for (const [layer, fn] of cases) {
      close(tf.tidy(() => layer.forward(tf.tensor2d(X)).arraySync()) as number[][], X.map(fn));
      expect((layer as Layer).getParams).toBeUndefined();
    }
  });

  it('Sequential and Affine chain their layers: Affine = Linear, Bias, Activation', () => {
    const affine = new Affine({ nout: 2, init: new Gaussian({ seed: 1 }), bias: new Constant({ val: -0.1 }), activation: new Rectlin() });
    const model = new Sequential({ layers: [affine], inputSize: 3 });
    expect(model.built).toBe(true);
    const w = affine.linear.param!.arraySync() as number[][];
    const expected = matMul(X, w).map((row) => row.map((v) => Math.max(v - 0.1, 0)));
    close(tf.tidy(() => model.forward(tf.tensor2d(X)).arraySync()) as number[][], expected);
    model.dispose();
    expect(affine.linear.param!.isDisposed).toBe(true);
  });
});

describe('building', () => {
  it('keeps weights and the zero gradient when first built inside tf.tidy', () => {
    const model = new Sequential({ layers: [new Affine({ nout: 2, bias: true, init: new Constant({ val: 0.5 }) })] });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      model.forward(tf.ones([4, 3]));
    });
    const entries = model.layers.flatMap((l) => (l as Layer).layers ?? []).flatMap((l) => (l as Layer).getParams?.() ?? []);
    expect(entries.map((e) => e.param.shape)).toEqual([[3, 2], [2]]);
    for (const entry of entries) {
      expect(entry.param.isDisposed).toBe(false);
      expect(Array.from(entry.grad.dataSync()).every((g) => g === 0)).toBe(true);
    }
    // Two weights and two gradients survive the tidy; the forward pass's tensors do not.
    expect(tf.memory().numTensors).toBe(before + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('initializers', () => {
  it('are deterministic with a seed, and differ from fill to fill', () => {
    const weights = (seed: number) => {
      const init = new GlorotUniform({ seed });
      const a = new Linear({ nout: 4, init });
      const b = new Linear({ nout: 4, init });
      a.build(5);
      b.build(5);
      return [a, b].map((l) => Array.from(l.param!.dataSync()));
    };
    const [a1, b1] = weights(7);
    const [a2, b2] = weights(7);
    expect(a1).toEqual(a2);
    expect(b1).toEqual(b2);
    expect(a1).not.toEqual(b1);
    const limit = Math.sqrt(6 / 9);
    expect(a1!.every((v) => Math.abs(v) <= limit)).toBe(true);
  });

  it('reject bad options, naming them', () => {
    expect(() => new Uniform({ low: 1, high: 0 })).toThrow(/"high"/);
    expect(() => new Gaussian({ scale: -1 })).toThrow(/"scale"/);
    expect(() => new GlorotUniform({ seed: 1.5 })).toThrow(/"seed"/);
    expect(() => new Linear({ nout: 2, init: {} as never })).toThrow(/"init"/);
  });
});

describe('layer errors', () => {
  it('reject bad options with InvalidOptionError naming the option', () => {
    const cases: [() => unknown, string][] = [
      [() => new Linear({ nout: 0 }), 'nout'],
      [() => new Linear({ nout: 2, nin: 3 } as never), 'nin'],
      [() => new Affine({ nout: 2, activation: 'relu' as never }), 'activation'],
      [() => new Affine({ nout: 2, bias: 3 as never }), 'bias'],
      [() => new Activation({ transform: undefined as never }), 'transform'],
      [() => new Sequential({ layers: [] }), 'layers'],
      [() => new Sequential({ layers: [{ name: 'x' }] as never }), 'layers'],
    ];
    for (const [make, option] of cases) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
    }
  });

  it('reject inputs that are not [batch, features] or have the wrong feature count, naming the layer', () => {
    const linear = new Linear({ nout: 2, name: 'dense', init: new Constant({ val: 1 }) });
    expect(() => linear.forward(tf.zeros([3]))).toThrow(InvalidTensorError);
    expect(() => linear.forward(tf.zeros([3]))).toThrow(/layer "dense"/);
    linear.build(4);
    expect(() => linear.forward(tf.zeros([1, 5]))).toThrow(/has 5 features, but the layer was built for 4/);
    linear.dispose();
  });
});
