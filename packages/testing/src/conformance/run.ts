import { getBackend, type Optimizer } from '@descent/core';
import { TestModel } from '../test-model.js';
import type { RunInputs } from './inputs.js';

/** Params and states after a run, read back from the backend. */
export interface RunValues {
  /** Each param's values. */
  readonly params: Float32Array[];
  /** Each param's states. */
  readonly states: Float32Array[][];
}

/** Options of {@link runOptimizer}. */
export interface RunOptions {
  /** Names for the params (saved state is keyed by them). */
  readonly names?: readonly string[];
  /** Called (and awaited) after every step, e.g. to read the values and compare them with a reference. */
  readonly afterStep?: (step: number, model: TestModel) => void | Promise<void>;
  /** Start at this step of `inputs` (default 0). */
  readonly from?: number;
  /** Stop before this step (default: the end). */
  readonly to?: number;
  /** Initial param values instead of `inputs.initial` (e.g. a checkpoint's). */
  readonly initial?: readonly (readonly number[])[];
  /** Called (and awaited) once the model exists, before the first step (e.g. to restore state). */
  readonly beforeSteps?: (model: TestModel) => void | Promise<void>;
}

/**
 * Runs `optimizer` over `inputs` on the active backend (at the inputs' batch size) and returns
 * the final values. The model is disposed afterwards; the optimizer is the caller's.
 */
export async function runOptimizer(optimizer: Optimizer, inputs: RunInputs, options: RunOptions = {}): Promise<RunValues> {
  const { from = 0, to = inputs.steps.length } = options;
  const initial = options.initial ?? inputs.initial;
  const model = new TestModel(inputs.shapes, initial, options.names);
  const backend = getBackend();
  const previousBatchSize = backend.batchSize;
  backend.batchSize = inputs.batchSize;
  try {
    await options.beforeSteps?.(model);
    for (let step = from; step < to; step++) {
      const { epoch, grads } = inputs.steps[step]!;
      model.setGrads(grads);
      optimizer.optimize(model.layers, epoch);
      await options.afterStep?.(step, model);
    }
    return await model.read();
  } finally {
    backend.batchSize = previousBatchSize;
    model.dispose();
  }
}
