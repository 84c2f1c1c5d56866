import { type Layer, type Optimizer, type ParamEntry } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { seeded } from '@descent/testing';
import { expect } from 'vitest';

const values = (seed: number, size: number, scale: number) => {
  const next = seeded(seed);
  return Float32Array.from({ length: size }, () => (2 * next() - 1) * scale);
};

/** A layer with named params (`${name}/p${i}`), grads set per step, states kept here. */
class TestLayer implements Layer {
  readonly entries: { param: tf.Variable; grad: tf.Tensor; states: tf.Variable[] }[];
  constructor(readonly name: string, readonly className: string, shapes: number[][], initial: (i: number, size: number) => Float32Array) {
    this.entries = shapes.map((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const param = tf.tidy(() => tf.variable(tf.tensor(initial(i, size), shape, 'float32'), true, `${name}/p${i}`));
      return { param, grad: tf.zeros(shape), states: [] };
    });
  }
  getParams(): ParamEntry[] {
    return this.entries;
  }
}

/** Layer names, classes and param shapes: scalars, odd sizes (SIMD tails), nesting in a container. */
const LAYOUT: [string, string, number[][]][] = [
  ['l1', 'Linear', [[5, 3], [7]]],
  ['b1', 'Bias', [[3]]],
  ['head', 'Linear', [[3, 2], []]],
  ['tail', 'Other', [[9]]],
];

export type Model = { layers: TestLayer[]; list: Layer[] };

/** Builds the model; params from `saved` (by name) or from seeds. */
function build(saved?: Map<string, Float32Array>): Model {
  const layers = LAYOUT.map(([name, className, shapes], l) =>
    new TestLayer(name, className, shapes, (i, size) => saved?.get(`${name}/p${i}`) ?? values(100 + 10 * l + i, size, 1)),
  );
  // The last two layers sit inside a container, so getParamList walks it.
  const list: Layer[] = [layers[0]!, layers[1]!, { name: 'block', layers: [layers[2]!, layers[3]!] }];
  return { layers, list };
}

const STEPS_PER_EPOCH = 3;

function step(optimizer: Optimizer, model: Model, s: number): void {
  model.layers.forEach((layer, l) =>
    layer.entries.forEach((e, i) => {
      e.grad.dispose();
      e.grad = tf.tensor(values(1000 * s + 10 * l + i, e.param.size, 3), e.param.shape, 'float32');
    }),
  );
  optimizer.optimize(model.list, Math.floor(s / STEPS_PER_EPOCH));
}

function bits(model: Model): number[][] {
  return model.layers.flatMap((l) => l.entries.flatMap((e) => [e.param, ...e.states].map((t) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer)))));
}

function dispose(model: Model, optimizer: Optimizer): void {
  optimizer.dispose();
  for (const l of model.layers) for (const e of l.entries) tf.dispose([e.param, e.grad, ...e.states]);
}

/**
 * Trains N steps straight, then k steps, saves (getState, JSON text, param values), frees
 * everything, builds a new optimizer and new variables with the saved values, restores the
 * state (with the layers, or without them: installed at the next call), trains N-k steps,
 * and expects every param and state to be bit-identical to the straight run.
 */
export function expectExactResume(
  make: () => Optimizer,
  N: number,
  k: number,
  withLayers: boolean,
  tamper: (state: any) => unknown = (state) => state, // eslint-disable-line @typescript-eslint/no-explicit-any
): void {
  const straight = build();
  const a = make();
  for (let s = 0; s < N; s++) step(a, straight, s);
  const expected = bits(straight);
  dispose(straight, a);

  const first = build();
  const b = make();
  for (let s = 0; s < k; s++) step(b, first, s);
  const checkpoint = JSON.stringify(b.getState());
  const params = new Map(first.layers.flatMap((l) => l.entries.map((e) => [e.param.name, e.param.dataSync() as Float32Array] as const)));
  dispose(first, b);

  const resumed = build(params);
  const c = make();
  c.setState(tamper(JSON.parse(checkpoint)), withLayers ? resumed.list : undefined);
  for (let s = k; s < N; s++) step(c, resumed, s);
  const actual = bits(resumed);
  expect(actual.length).toBe(expected.length);
  expect(actual).toEqual(expected);
  dispose(resumed, c);
}
