/**
 * Test harness shared by this package's tests: a seeded generator, a small model of
 * variables spread over nested layers, a trajectory runner that drives an optimizer and a
 * float64 reference side by side, and an elementwise comparison with a stated tolerance.
 * (Kept per package on purpose: every algorithm package is tested on its own.)
 */
import { getBackend, type Layer, type Optimizer } from '@descent/core';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** A 0-d scalar, odd sizes, several ranks: shapes where a vectorised loop has a tail. */
export const SHAPES: readonly (readonly number[])[] = [[], [7], [3, 5], [2, 1, 3]];

/**
 * The tensors hold float32 and the reference float64. Over 20 steps each element sees a few
 * dozen float32 roundings (relative 6e-8 each), so agreement to ~1e-5 relative is expected;
 * the absolute floor covers values that cancel to near zero (e.g. a running mean of
 * gradients of alternating sign), where relative error means nothing.
 */
export const TOLERANCE: Tolerance = { relative: 1e-5, absolute: 1e-6 };

export interface Tolerance {
  readonly relative: number;
  readonly absolute: number;
}

/** mulberry32: a seeded uniform generator on [0, 1), so a failure replays from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Uniform values in [-scale, scale], rounded to float32 so both sides start from the same numbers. */
export function randomValues(next: () => number, size: number, scale: number): number[] {
  return Array.from({ length: size }, () => Math.fround((2 * next() - 1) * scale));
}

/**
 * Parameters, gradients and state lists laid out like a model: the first parameter in a
 * plain layer, the rest in a layer nested inside a container, so `getParamList` is walked.
 * Gradients are variables assigned before each step, so a long run allocates nothing.
 */
export class TestModel {
  readonly params: tf.Variable[];
  readonly grads: tf.Variable[];
  readonly states: tf.Variable[][];
  readonly layers: Layer[];

  constructor(readonly shapes: readonly (readonly number[])[], initial: readonly (readonly number[])[]) {
    this.params = shapes.map((shape, i) => tf.variable(tf.tensor(initial[i]!, [...shape], 'float32')));
    this.grads = shapes.map((shape) => tf.variable(tf.zeros([...shape], 'float32'), false));
    this.states = shapes.map(() => []);
    const entries = (from: number, to: number) => () =>
      this.params.slice(from, to).map((param, k) => ({ param, grad: this.grads[from + k]!, states: this.states[from + k]! }));
    const first: Layer = { name: 'first', getParams: entries(0, 1) };
    const nested: Layer = { name: 'nested', getParams: entries(1, shapes.length) };
    this.layers = [first, { name: 'container', layers: [nested] }];
  }

  setGrads(values: readonly (readonly number[])[]): void {
    this.grads.forEach((grad, i) => tf.tidy(() => grad.assign(tf.tensor(values[i]!, grad.shape, 'float32'))));
  }

  paramValues(): number[][] {
    return this.params.map((p) => Array.from(p.dataSync()));
  }

  stateValues(): number[][][] {
    return this.states.map((list) => list.map((s) => Array.from(s.dataSync())));
  }

  dispose(): void {
    for (const t of [...this.params, ...this.grads, ...this.states.flat()]) if (!t.isDisposed) t.dispose();
  }
}

/** Asserts `|actual - expected| <= relative*|expected| + absolute` elementwise, naming the first miss. */
export function expectClose(actual: ArrayLike<number>, expected: readonly number[], label: string, tol: Tolerance = TOLERANCE): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const bound = tol.relative * Math.abs(e) + tol.absolute;
    if (!(Math.abs(a - e) <= bound)) {
      expect.fail(`${label}[${i}]: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${bound})`);
    }
  }
}

/** Largest `|actual - expected|` over every element of two nested lists. */
export function maxDifference(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): number {
  let max = 0;
  actual.forEach((row, i) => row.forEach((a, j) => (max = Math.max(max, Math.abs(a - expected[i]![j]!)))));
  return max;
}

/** The float64 model a reference step updates in place: params and states, per tensor. */
export interface ReferenceModel {
  readonly params: number[][];
  readonly states: number[][][];
}

/** One float64 reference step: update `model` in place for raw (batch-sum) `grads`. */
export type ReferenceStep = (model: ReferenceModel, grads: readonly (readonly number[])[], epoch: number, batchSize: number) => void;

export interface TrajectoryOptions {
  readonly seed: number;
  readonly steps?: number;
  /** Optimizer calls per epoch, so that schedules see the epoch change mid-run. */
  readonly stepsPerEpoch?: number;
  readonly batchSize?: number;
  readonly gradScale?: number;
  readonly paramScale?: number;
  readonly shapes?: readonly (readonly number[])[];
}

/** The random inputs of a trajectory: initial params, and per step its epoch and raw grads. */
function trajectoryInputs(options: TrajectoryOptions) {
  const { seed, steps = 20, stepsPerEpoch = 5, batchSize = 1, gradScale = 1, paramScale = 1, shapes = SHAPES } = options;
  const next = seeded(seed);
  const initial = shapes.map((shape) => randomValues(next, sizeOf(shape), paramScale));
  // Gradients are batch sums in neon, so they grow with the batch size.
  const stepInputs = Array.from({ length: steps }, (_, step) => ({
    epoch: Math.floor(step / stepsPerEpoch),
    grads: shapes.map((shape) => randomValues(next, sizeOf(shape), gradScale * batchSize)),
  }));
  return { shapes, batchSize, initial, stepInputs };
}

function zeroModel(initial: readonly (readonly number[])[], stateCount: number): ReferenceModel {
  return {
    params: initial.map((values) => [...values]),
    states: initial.map((values) => Array.from({ length: stateCount }, () => new Array<number>(values.length).fill(0))),
  };
}

/** Only the reference side of {@link runTrajectory}, on the same inputs: for negative controls. */
export function referenceTrajectory(stateCount: number, reference: ReferenceStep, options: TrajectoryOptions): ReferenceModel {
  const { batchSize, initial, stepInputs } = trajectoryInputs(options);
  const model = zeroModel(initial, stateCount);
  for (const { epoch, grads } of stepInputs) reference(model, grads, epoch, batchSize);
  return model;
}

/**
 * Runs `optimizer` and `reference` over the same random gradients for `steps` calls and
 * compares params and states after every call. Returns both final models.
 */
export function runTrajectory(
  optimizer: Optimizer,
  stateCount: number,
  reference: ReferenceStep,
  options: TrajectoryOptions,
): { actual: ReferenceModel; expected: ReferenceModel } {
  const { shapes, batchSize, initial, stepInputs } = trajectoryInputs(options);
  const model = new TestModel(shapes, initial);
  const expected = zeroModel(initial, stateCount);
  const backend = getBackend();
  const previousBatchSize = backend.batchSize;
  backend.batchSize = batchSize;
  try {
    stepInputs.forEach(({ epoch, grads }, step) => {
      model.setGrads(grads);
      optimizer.optimize(model.layers, epoch);
      reference(expected, grads, epoch, batchSize);
      const params = model.paramValues();
      const states = model.stateValues();
      shapes.forEach((_, i) => {
        const where = `seed ${options.seed}, step ${step}, tensor ${i}`;
        expectClose(params[i]!, expected.params[i]!, `${where}, param`);
        expect(states[i]!.length, `${where}: state count`).toBe(stateCount);
        states[i]!.forEach((state, k) => expectClose(state, expected.states[i]![k]!, `${where}, state ${k}`));
      });
    });
    return { actual: { params: model.paramValues(), states: model.stateValues() }, expected };
  } finally {
    backend.batchSize = previousBatchSize;
    optimizer.dispose();
    model.dispose();
  }
}
