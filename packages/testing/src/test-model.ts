import type { Layer } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Parameters, gradients and state lists laid out like a model: the first parameter in a
 * plain layer, the rest in a layer nested inside a container, so `getParamList` is walked.
 * Gradients are variables assigned before each step, so a long run allocates nothing.
 */
export class TestModel {
  /** One Variable per shape. */
  readonly params: tf.Variable[];
  /** The gradient of each param (assigned by {@link TestModel.setGrads}). */
  readonly grads: tf.Variable[];
  /** Each param's state list, filled lazily by the optimizer. */
  readonly states: tf.Variable[][];
  /** The layers to pass to `optimize()`. */
  readonly layers: Layer[];
  /** The shapes the model was built with. */
  readonly shapes: readonly (readonly number[])[];

  constructor(shapes: readonly (readonly number[])[], initial: readonly (readonly number[])[]) {
    this.shapes = shapes;
    this.params = shapes.map((shape, i) => tf.variable(tf.tensor(initial[i]!, [...shape], 'float32')));
    this.grads = shapes.map((shape) => tf.variable(tf.zeros([...shape], 'float32'), false));
    this.states = shapes.map(() => []);
    const entries = (from: number, to: number) => () =>
      this.params.slice(from, to).map((param, k) => ({ param, grad: this.grads[from + k]!, states: this.states[from + k]! }));
    const first: Layer = { name: 'first', getParams: entries(0, 1) };
    const nested: Layer = { name: 'nested', getParams: entries(1, shapes.length) };
    this.layers = [first, { name: 'container', layers: [nested] }];
  }

  /** Sets every gradient (one flat list of values per param). */
  setGrads(values: readonly (readonly number[])[]): void {
    this.grads.forEach((grad, i) => tf.tidy(() => grad.assign(tf.tensor(values[i]!, grad.shape, 'float32'))));
  }

  /** The params' current values. */
  paramValues(): number[][] {
    return this.params.map((p) => Array.from(p.dataSync()));
  }

  /** The states' current values, per param. */
  stateValues(): number[][][] {
    return this.states.map((list) => list.map((s) => Array.from(s.dataSync())));
  }

  /** Disposes every tensor of the model, states included. */
  dispose(): void {
    for (const t of [...this.params, ...this.grads, ...this.states.flat()]) if (!t.isDisposed) t.dispose();
  }
}
