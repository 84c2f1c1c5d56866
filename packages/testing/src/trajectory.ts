import { getBackend, type Optimizer } from '@descent/core';
import { expect } from 'vitest';
import { expectClose } from './expect-close.js';
import { randomValues, seeded, sizeOf } from './seeded.js';
import { TestModel } from './test-model.js';

/** A 0-d scalar, odd sizes, several ranks: shapes where a vectorised loop has a tail. */
export const SHAPES: readonly (readonly number[])[] = [[], [7], [3, 5], [2, 1, 3]];

/** The float64 model a reference step updates in place: params and states, per tensor. */
export interface ReferenceModel {
  /** Each param's values, flat. */
  readonly params: number[][];
  /** Each param's states, each flat (zeros to start with). */
  readonly states: number[][][];
}

/** One float64 reference step: update `model` in place for raw (batch-sum) `grads`. */
export type ReferenceStep = (model: ReferenceModel, grads: readonly (readonly number[])[], epoch: number, batchSize: number) => void;

/** The inputs of a trajectory (everything is derived from `seed`). */
export interface TrajectoryOptions {
  /** Seeds every value of the trajectory. */
  readonly seed: number;
  /** Optimizer calls (default 20). */
  readonly steps?: number;
  /** Optimizer calls per epoch, so that schedules see the epoch change mid-run. */
  readonly stepsPerEpoch?: number;
  /** The backend's batch size during the run (default 1); grads grow with it (batch sums). */
  readonly batchSize?: number;
  /** Grads are uniform in ±gradScale·batchSize (default 1). */
  readonly gradScale?: number;
  /** Initial params are uniform in ±paramScale (default 1). */
  readonly paramScale?: number;
  /** The params' shapes (default {@link SHAPES}). */
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
): {
  /** The optimizer's final values. */
  actual: ReferenceModel;
  /** The reference's. */
  expected: ReferenceModel;
} {
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
