import type { Layer, ParamEntry } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { seededValues, variableOf } from './harness.js';

/** A layer holding one param per shape, whose grads the checks set directly. */
export class TestLayer implements Layer {
  readonly name: string;
  readonly entries: { param: tf.Variable; grad: tf.Tensor; states: tf.Variable[] }[];

  constructor(name: string, shapes: readonly number[][], seed = 1) {
    this.name = name;
    this.entries = shapes.map((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return { param: variableOf(seededValues(seed + i, size), shape), grad: tf.zeros(shape), states: [] };
    });
  }

  getParams(): ParamEntry[] {
    return this.entries;
  }

  /** Replaces every grad with seeded values for step `k` (disposing the old ones). */
  setGrads(k: number, scale = 3): void {
    this.entries.forEach((entry, i) => {
      entry.grad.dispose();
      entry.grad = tf.tensor(seededValues(1000 * k + 17 * i + 5, entry.param.size, scale), entry.param.shape, 'float32');
    });
  }

  /** Params, then every state, in a fixed order. */
  tensors(): tf.Tensor[] {
    return [...this.entries.map((e) => e.param), ...this.entries.flatMap((e) => e.states)];
  }

  dispose(): void {
    for (const e of this.entries) for (const t of [e.param, e.grad, ...e.states]) if (!t.isDisposed) t.dispose();
  }
}
