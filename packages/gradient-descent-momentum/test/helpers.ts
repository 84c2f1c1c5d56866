import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Layer, ParamEntry } from '@descent/core';

/** Deterministic uniform numbers in [-scale, scale) (mulberry32). */
export function seededValues(seed: number, count: number, scale = 1): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale);
  }
  return out;
}

/** A layer holding one param per shape, whose grads the test sets directly. */
export class TestLayer implements Layer {
  readonly name: string;
  readonly entries: { param: tf.Variable; grad: tf.Tensor; states: tf.Variable[] }[];

  constructor(name: string, shapes: number[][], seed = 1) {
    this.name = name;
    this.entries = shapes.map((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return {
        param: tf.variable(tf.tensor(seededValues(seed + i, size), shape, 'float32'), true, `${name}/p${i}`),
        grad: tf.zeros(shape),
        states: [],
      };
    });
  }

  getParams(): ParamEntry[] {
    return this.entries;
  }

  /** Replaces every grad (disposing the old ones). */
  setGrads(values: number[][]): void {
    this.entries.forEach((entry, i) => {
      entry.grad.dispose();
      entry.grad = tf.tensor(values[i]!, entry.param.shape, 'float32');
    });
  }

  dispose(): void {
    for (const e of this.entries) {
      for (const t of [e.param, e.grad, ...e.states]) if (t && !t.isDisposed) t.dispose();
    }
  }
}

/** Element-wise closeness for float32 results against float64 references. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-5, abs = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= abs + rel * Math.abs(e))) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (rel ${rel}, abs ${abs})`);
    }
  }
}
