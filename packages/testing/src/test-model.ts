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

  /**
   * @param shapes - one shape per parameter.
   * @param initial - each parameter's initial values, flat.
   * @param names - the params' Variable names (saved state is keyed by them); default: tfjs's
   *   unique automatic names. Names must not be in use by live Variables.
   */
  constructor(shapes: readonly (readonly number[])[], initial: readonly (readonly number[])[], names?: readonly string[]) {
    this.shapes = shapes;
    this.params = shapes.map((shape, i) =>
      tf.tidy(() => tf.variable(tf.tensor(initial[i]!, [...shape], 'float32'), true, names?.[i])),
    );
    this.grads = shapes.map((shape) => tf.tidy(() => tf.variable(tf.zeros([...shape], 'float32'), false)));
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

  /**
   * Every param and state value, read asynchronously (works on every tfjs backend, WebGPU
   * included, where synchronous reads are not available in Node).
   */
  async read(): Promise<{
    /** Each param's values. */
    params: Float32Array[];
    /** Each param's states. */
    states: Float32Array[][];
  }> {
    const read = (t: tf.Tensor) => t.data() as Promise<Float32Array>;
    const [params, states] = await Promise.all([
      Promise.all(this.params.map(read)),
      Promise.all(this.states.map((list) => Promise.all(list.map(read)))),
    ]);
    return { params, states };
  }

  /** Disposes every tensor of the model, states included. */
  dispose(): void {
    for (const t of [...this.params, ...this.grads, ...this.states.flat()]) if (!t.isDisposed) t.dispose();
  }
}
