import { expect } from 'vitest';
import { expectClose } from '../../expect-close.js';
import type { ReferenceModel } from '../../trajectory.js';
import { activateBackend, type ConformanceBackend } from '../backends.js';
import { type ConformanceCase, type ConformanceConfig, hashString, resolveConfig } from '../config.js';
import { manyShapes, type RunInputs, runInputs } from '../inputs.js';
import { runOptimizer, type RunValues } from '../run.js';

/** Tensors in the many-tensors run: more than fit one WebGPU bind group or one wasm call table chunk. */
export const MANY_TENSORS = 67;

/** The inputs of `kase` (shapes, values, grads), seeded by the config's seed and the case's name. */
export function caseInputs<O>(config: ConformanceConfig<O>, kase: ConformanceCase<O>): RunInputs {
  const resolved = resolveConfig(config);
  const { batchSize = 1, gradScale = 1 } = kase;
  return runInputs({ seed: (resolved.seed ^ hashString(kase.name)) >>> 0, steps: resolved.steps, batchSize, gradScale });
}

/** The inputs of the many-tensors run: the first case's options, {@link MANY_TENSORS} small tensors, 4 steps. */
export function manyTensorInputs<O>(config: ConformanceConfig<O>): RunInputs {
  const resolved = resolveConfig(config);
  const { batchSize = 1, gradScale = 1 } = resolved.cases[0]!;
  const seed = (resolved.seed ^ hashString('many tensors')) >>> 0;
  return runInputs({ seed, steps: 4, batchSize, gradScale, shapes: (next) => manyShapes(next, MANY_TENSORS) });
}

/**
 * Runs `options` over `inputs` on `backend`, and (when the config has a reference) checks
 * params and states against the float64 reference after every step, within the config's
 * tolerance. Checks the state count after every step either way. Returns the final values
 * (for the cross-backend comparison).
 */
export async function checkRun<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, options: O, inputs: RunInputs): Promise<RunValues> {
  const resolved = resolveConfig(config);
  await activateBackend(backend);
  const stateCount = resolved.stateCount(options);
  const reference = resolved.reference?.(options);
  const expected: ReferenceModel = {
    params: inputs.initial.map((values) => [...values]),
    states: inputs.initial.map((values) => Array.from({ length: stateCount }, () => new Array<number>(values.length).fill(0))),
  };
  const optimizer = resolved.create(options);
  try {
    return await runOptimizer(optimizer, inputs, {
      afterStep: async (step, model) => {
        const actual = await model.read();
        const where = `${resolved.name} on ${backend.name}, seed ${inputs.seed}, step ${step}`;
        actual.states.forEach((list, i) => expect(list.length, `${where}, tensor ${i}: state count`).toBe(stateCount));
        if (!reference) return;
        const { epoch, grads } = inputs.steps[step]!;
        reference(expected, grads, epoch, inputs.batchSize);
        inputs.shapes.forEach((shape, i) => {
          const label = `${where}, tensor ${i} [${shape.join(',')}]`;
          expectClose(actual.params[i]!, expected.params[i]!, `${label}, param vs float64 reference`, resolved.tolerance);
          actual.states[i]!.forEach((state, k) =>
            expectClose(state, expected.states[i]![k]!, `${label}, state ${k} vs float64 reference`, resolved.tolerance),
          );
        });
      },
    });
  } finally {
    optimizer.dispose();
  }
}

/** {@link checkRun} for one case of the config. */
export function checkCase<O>(config: ConformanceConfig<O>, backend: ConformanceBackend, kase: ConformanceCase<O>): Promise<RunValues> {
  return checkRun(config, backend, kase.options, caseInputs(config, kase));
}
